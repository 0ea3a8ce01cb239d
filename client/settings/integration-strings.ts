// Strings of the Settings → Integrations panel (API keys, webhooks), both languages.
import type { Lang } from '../../core/index.js';

type Entry = { en: string; 'pt-BR': string };
const E = (en: string, pt: string): Entry => ({ en, 'pt-BR': pt });

const strings = {
  title: E('Integrations (API)', 'Integrações (API)'),
  intro: E('Your systems feed this workbook through the API with keys; reference: ', 'Seus sistemas alimentam esta planilha pela API com chaves; referência: '),
  keys: E('API keys', 'Chaves de API'),
  name: E('Name', 'Nome'),
  scope: E('Scope', 'Escopo'),
  'scope.read': E('read', 'leitura'),
  'scope.write': E('read and write', 'leitura e escrita'),
  created: E('Created', 'Criada'),
  lastUsed: E('Last used', 'Último uso'),
  never: E('never', 'nunca'),
  revoked: E('revoked', 'revogada'),
  revoke: E('Revoke', 'Revogar'),
  confirmRevoke: E('Revoke the key "{name}"? Systems using it stop at once.', 'Revogar a chave "{name}"? Os sistemas que a usam param na hora.'),
  create: E('Create key', 'Criar chave'),
  namePlaceholder: E('e.g. billing feed', 'ex.: integração faturamento'),
  newKey: E('Copy this key now: it is shown only once.', 'Copie esta chave agora: ela é exibida uma única vez.'),
  noKeys: E('No API keys yet.', 'Nenhuma chave de API ainda.'),
  webhooks: E('Webhooks', 'Webhooks'),
  url: E('URL', 'URL'),
  events: E('Events', 'Eventos'),
  renewalDays: E('Renewal window (days)', 'Janela de renovação (dias)'),
  addWebhook: E('Add webhook', 'Adicionar webhook'),
  remove: E('Remove', 'Remover'),
  newSecret: E('Signing secret (HMAC-SHA256), shown only once:', 'Segredo de assinatura (HMAC-SHA256), exibido uma única vez:'),
  noWebhooks: E('No webhooks yet.', 'Nenhum webhook ainda.'),
  'ev.customer.situation_changed': E('situation changes', 'situação muda'),
  'ev.customer.health_band_changed': E('health band changes', 'faixa de saúde muda'),
  'ev.customer.renewal_upcoming': E('renewal coming up', 'renovação se aproxima'),
  'ev.invoice.overdue': E('invoice overdue', 'fatura vencida'),
  deliveries: E('Recent deliveries', 'Entregas recentes'),
  noDeliveries: E('No deliveries yet.', 'Nenhuma entrega ainda.'),
  status: E('Status', 'Situação'),
  attempts: E('Attempts', 'Tentativas'),
  result: E('Last answer', 'Última resposta'),
  'st.pending': E('retrying', 'tentando de novo'),
  'st.delivered': E('delivered', 'entregue'),
  'st.failed': E('failed', 'falhou'),
  editorsOnly: E('Only editors manage keys and webhooks.', 'Só editores gerenciam chaves e webhooks.'),
  offline: E('Could not reach the server: {message}', 'Não foi possível falar com o servidor: {message}'),
  refused: E('Refused: {message}', 'Recusado: {message}'),
} satisfies Record<string, Entry>;

export type IntegrationKey = keyof typeof strings;

export function ti(lang: Lang, key: IntegrationKey, vars?: Record<string, string>): string {
  let s = strings[key][lang];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(v);
  return s;
}
