// The workspace's words (home, sharing, access, history, versions) in both languages.
import type { Lang } from '../../core/index.js';

type Entry = { en: string; 'pt-BR': string };
const E = (en: string, pt: string): Entry => ({ en, 'pt-BR': pt });

const strings = {
  'home.title': E('Workbooks', 'Planilhas'),
  'home.empty': E('This browser holds no workbook link yet. Open an invitation link, or ask a workbook owner for one.', 'Este navegador ainda não tem link de planilha. Abra um link de convite ou peça um ao dono da planilha.'),
  'home.open': E('Open', 'Abrir'),
  'home.create': E('New workbook', 'Nova planilha'),
  'home.namePlaceholder': E('Workbook name', 'Nome da planilha'),
  'home.createButton': E('Create', 'Criar'),
  'home.rename': E('Rename', 'Renomear'),
  'home.save': E('Save', 'Salvar'),
  'home.cancel': E('Cancel', 'Cancelar'),
  'home.archive': E('Archive', 'Arquivar'),
  'home.unarchive': E('Unarchive', 'Desarquivar'),
  'home.archived': E('archived', 'arquivada'),
  'home.showArchived': E('Show archived', 'Mostrar arquivadas'),
  'home.role': E('your role: {role}', 'seu papel: {role}'),
  'home.noLink': E('no link in this browser', 'sem link neste navegador'),
  'role.owner': E('owner', 'dono'),
  'role.editor': E('editor', 'editor'),
  'role.viewer': E('viewer', 'leitor'),
  'access.title': E('You need access to this workbook', 'Você precisa de acesso a esta planilha'),
  'access.body': E(
    'The link you opened shows a view of workbook “{id}” but carries no access. Ask the workbook owner to invite you (Share → new link with your name); then open the invitation link they send you.',
    'O link que você abriu mostra uma visão da planilha “{id}”, mas não dá acesso. Peça ao dono da planilha para convidar você (Compartilhar → novo link com seu nome); depois abra o link de convite que ele enviar.',
  ),
  'access.copyRequest': E('Copy an access request to send', 'Copiar um pedido de acesso para enviar'),
  'access.request': E('Hello! Could you invite me to the Pulso workbook “{id}”? {url}', 'Olá! Você pode me convidar para a planilha “{id}” do Pulso? {url}'),
  'access.copied': E('Request copied', 'Pedido copiado'),
  'access.home': E('Go to my workbooks', 'Ir para minhas planilhas'),
  'access.revoked': E('Your access to this workbook was removed or has expired. Ask the workbook owner for a new invitation.', 'Seu acesso a esta planilha foi removido ou expirou. Peça um novo convite ao dono da planilha.'),
  'share.button': E('Share', 'Compartilhar'),
  'share.title': E('Share “{id}”', 'Compartilhar “{id}”'),
  'share.name': E('Person’s name', 'Nome da pessoa'),
  'share.role': E('Role', 'Papel'),
  'share.expires': E('Expires in', 'Expira em'),
  'share.days': E('{n} days', '{n} dias'),
  'share.create': E('Create invitation link', 'Criar link de convite'),
  'share.created': E('Send this link to {name} (only they should use it):', 'Envie este link para {name} (só essa pessoa deve usá-lo):'),
  'share.copy': E('Copy', 'Copiar'),
  'share.copied': E('Copied', 'Copiado'),
  'share.active': E('Active links', 'Links ativos'),
  'share.lastUsed': E('last used {when}', 'último uso {when}'),
  'share.neverUsed': E('never used', 'nunca usado'),
  'share.expiresOn': E('expires {when}', 'expira {when}'),
  'share.revoke': E('Revoke', 'Revogar'),
  'share.confirmRevoke': E('Revoke {name}’s link? They are disconnected at once and the link never works again.', 'Revogar o link de {name}? A pessoa é desconectada na hora e o link nunca mais funciona.'),
  'share.you': E('(this link)', '(este link)'),
  'share.close': E('Close', 'Fechar'),
  'share.nameRequired': E('Type the person’s name: it identifies them in presence, “My tasks” and the history.', 'Digite o nome da pessoa: ele a identifica na presença, em “Minhas tarefas” e no histórico.'),
  'err.unauthenticated': E('Your link is no longer accepted (revoked or expired).', 'Seu link não é mais aceito (revogado ou expirado).'),
  'err.forbidden': E('Your role does not allow this.', 'Seu papel não permite isso.'),
  'err.bad_request': E('Invalid input: {message}', 'Entrada inválida: {message}'),
  'err.not_found': E('Not found: {message}', 'Não encontrado: {message}'),
  'err.conflict': E('Conflict: {message}', 'Conflito: {message}'),
  'err.offline': E('The server cannot be reached (offline?).', 'O servidor não responde (sem conexão?).'),
  'err.other': E('The server answered: {message}', 'O servidor respondeu: {message}'),
  'menu.history': E('History', 'Histórico'),
  'history.title': E('History of {row}', 'Histórico de {row}'),
  'history.empty': E('No recorded change yet.', 'Nenhuma alteração registrada ainda.'),
  'history.loading': E('Loading…', 'Carregando…'),
  'history.inserted': E('created the row', 'criou a linha'),
  'history.removed': E('deleted the row', 'excluiu a linha'),
  'history.bulk': E('imported {n} rows', 'importou {n} linhas'),
  'history.bulkRemoved': E('deleted {n} rows', 'excluiu {n} linhas'),
  'history.settings': E('changed the settings', 'alterou as configurações'),
  'history.empty.value': E('(empty)', '(vazio)'),
  'history.restoreRow': E('Restore row', 'Restaurar linha'),
  'history.restoreValue': E('Restore {field} = {value}', 'Restaurar {field} = {value}'),
  'history.restored': E('Restored (Ctrl+Z undoes it).', 'Restaurado (Ctrl+Z desfaz).'),
  'history.restoreFailed': E('Not restored — {message}', 'Não restaurado — {message}'),
  'history.rowExists': E('the row exists again', 'a linha já existe de novo'),
  'activity.button': E('Activity', 'Atividade'),
  'activity.title': E('Workbook activity', 'Atividade da planilha'),
  'activity.person': E('Person', 'Pessoa'),
  'activity.table': E('Table', 'Tabela'),
  'activity.since': E('From', 'De'),
  'activity.until': E('To', 'Até'),
  'activity.all': E('All', 'Todas'),
  'activity.more': E('Show older', 'Mostrar anteriores'),
  'versions.button': E('Versions', 'Versões'),
  'versions.title': E('Versions of “{id}”', 'Versões de “{id}”'),
  'versions.save': E('Save version', 'Salvar versão'),
  'versions.namePlaceholder': E('Version name', 'Nome da versão'),
  'versions.daily': E('Daily snapshot {day}', 'Cópia diária {day}'),
  'versions.preview': E('Preview', 'Visualizar'),
  'versions.restore': E('Restore', 'Restaurar'),
  'versions.empty': E('No version yet: one is kept every day the workbook changes, and when you save one.', 'Nenhuma versão ainda: uma é guardada a cada dia em que a planilha muda, e quando você salva uma.'),
  'versions.plan': E('Restoring “{name}” brings back {inserts} row(s) and sets {updates} row(s) back, as ordinary changes everyone sees.', 'Restaurar “{name}” traz de volta {inserts} linha(s) e volta {updates} linha(s) ao que eram, como alterações normais que todos veem.'),
  'versions.removes': E('These {n} row(s) were written after this version and will be removed:', 'Estas {n} linha(s) foram escritas depois desta versão e serão removidas:'),
  'versions.confirm': E('Restore this version', 'Restaurar esta versão'),
  'versions.done': E('Restored. The state before it was saved as “{name}”: restoring that undoes this.', 'Restaurada. O estado anterior foi salvo como “{name}”: restaurá-lo desfaz isto.'),
  'versions.previewBanner': E('Preview of version “{name}” ({when}) — read-only.', 'Visualização da versão “{name}” ({when}) — somente leitura.'),
  'versions.closePreview': E('Back to the live workbook', 'Voltar à planilha atual'),
} satisfies Record<string, Entry>;

export type WsKey = keyof typeof strings;

export function wt(lang: Lang, key: WsKey, vars?: Record<string, string | number>): string {
  let s = strings[key][lang] ?? strings[key].en;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** An API failure in the person's language. */
export function apiMessage(lang: Lang, e: unknown): string {
  const f = e as { code?: string; message?: string };
  const known: Record<string, WsKey> = {
    unauthorized: 'err.unauthenticated', forbidden: 'err.forbidden', 'invalid-request': 'err.bad_request',
    'malformed-json': 'err.bad_request', 'not-found': 'err.not_found', conflict: 'err.conflict', offline: 'err.offline',
  };
  return wt(lang, known[f.code ?? ''] ?? 'err.other', { message: f.message ?? String(e) });
}
