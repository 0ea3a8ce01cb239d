// Every UI string in both languages. Field and table labels come from core/schema.ts;
// this file holds the app's own words. `{name}` placeholders are filled by t().
import type { Lang } from '../../core/index.js';

type Entry = { en: string; 'pt-BR': string };
const E = (en: string, pt: string): Entry => ({ en, 'pt-BR': pt });

export const strings = {
  'app.title': E('Pulso', 'Pulso'),
  'app.opening': E('Opening the workbook from this browser…', 'Abrindo a planilha deste navegador…'),
  'tab.dashboard': E('Dashboard', 'Painel'),
  'tab.settings': E('Settings', 'Configurações'),
  'sync.offline': E('Offline', 'Offline'),
  'sync.connecting': E('Connecting…', 'Conectando…'),
  'sync.synced': E('Synced', 'Sincronizado'),
  'sync.pending': E('{n} operations not yet confirmed by the server', '{n} operações ainda não confirmadas pelo servidor'),
  'sync.allSaved': E('All changes confirmed by the server', 'Todas as alterações confirmadas pelo servidor'),
  'offline.unavailable': E(
    'This browser does not let Pulso keep data (private window or storage turned off): you are working from the server, and the workbook is not available offline.',
    'Este navegador não permite que o Pulso guarde dados (janela anônima ou armazenamento desativado): você está trabalhando pelo servidor, e a planilha não fica disponível offline.',
  ),
  'freshness.refreshing': E('Refreshing metrics…', 'Atualizando métricas…'),
  'freshness.unverified.hint': E('Metrics from the last calculation on this device, being checked against the data and recalculated.', 'Métricas do último cálculo neste dispositivo, sendo conferidas com os dados e recalculadas.'),
  'freshness.cache.hint': E('Metrics from the last calculation on this device, for exactly this data; being recalculated.', 'Métricas do último cálculo neste dispositivo, exatamente para estes dados; sendo recalculadas.'),
  'freshness.stale.hint': E('Metrics from the last calculation on this device; the data changed since, so some may be out of date until recalculated.', 'Métricas do último cálculo neste dispositivo; os dados mudaram desde então, e algumas podem estar desatualizadas até o recálculo.'),
  'token.refused': E(
    'The server refused this link ({reason}). Your local copy stays usable; ask the workbook owner for a new link (npm run token) and open it.',
    'O servidor recusou este link ({reason}). Sua cópia local continua utilizável; peça um novo link ao dono da planilha (npm run token) e abra-o.',
  ),
  'token.expired': E('expired or invalid token', 'token expirado ou inválido'),
  'token.forbidden': E('no access to this workbook', 'sem acesso a esta planilha'),
  'token.missing': E(
    'No access token for this workbook: you are working on the local copy only. Open the link with #token=… to sync.',
    'Sem token de acesso para esta planilha: você está trabalhando só na cópia local. Abra o link com #token=… para sincronizar.',
  ),
  'readonly.banner': E('View only: this link cannot edit the workbook.', 'Somente leitura: este link não pode editar a planilha.'),
  'empty.title': E('This workbook is empty', 'Esta planilha está vazia'),
  'empty.body': E('Add customers by hand, paste them from a spreadsheet, or start with demo data.', 'Adicione clientes à mão, cole de uma planilha ou comece com dados de demonstração.'),
  'empty.loadDemo': E('Load demo data', 'Carregar dados de demonstração'),
  'empty.loading': E('Loading demo data…', 'Carregando dados de demonstração…'),
  'grid.search': E('Search…', 'Buscar…'),
  'grid.addRow': E('Add row', 'Adicionar linha'),
  'grid.deleteRows': E('Delete selected ({n})', 'Excluir selecionadas ({n})'),
  'grid.confirmDelete': E('Delete {n} row(s)? You can undo with Ctrl+Z.', 'Excluir {n} linha(s)? Você pode desfazer com Ctrl+Z.'),
  'grid.undo': E('Undo', 'Desfazer'),
  'grid.redo': E('Redo', 'Refazer'),
  'grid.rows': E('{n} rows', '{n} linhas'),
  'grid.row': E('1 row', '1 linha'),
  'grid.filtered': E('filtered: {label}', 'filtrado: {label}'),
  'grid.clearFilter': E('Remove filter', 'Remover filtro'),
  'grid.computed': E('computed', 'calculado'),
  'grid.computedHint': E('Computed from the workbook (METRICS.md); read-only', 'Calculado a partir da planilha (METRICS.md); somente leitura'),
  'grid.invalid': E('Not saved — {message}', 'Não salvo — {message}'),
  'grid.pasted': E('Pasted {n} row(s).', '{n} linha(s) colada(s).'),
  'grid.pasteRejected': E('{n} row(s) not pasted:', '{n} linha(s) não colada(s):'),
  'grid.pasteRow': E('row {row}: {message}', 'linha {row}: {message}'),
  'grid.computing': E('computing…', 'calculando…'),
  'grid.pickCustomer': E('Type to search customers', 'Digite para buscar clientes'),
  'grid.unknownCustomer': E('(missing customer {id})', '(cliente ausente {id})'),
  'grid.yes': E('Yes', 'Sim'),
  'grid.no': E('No', 'Não'),
  'health.breakdown': E('Health score breakdown', 'Composição do health score'),
  'health.indicator': E('Indicator', 'Indicador'),
  'health.value': E('Value', 'Valor'),
  'health.weight': E('Weight', 'Peso'),
  'health.contribution': E('Contribution', 'Contribuição'),
  'health.none': E('No health score: the customer is not active on the as-of date.', 'Sem health score: o cliente não está ativo na data de referência.'),
  'health.skipped': E('no data — left out', 'sem dados — desconsiderado'),
  'ind.engagement': E('Engagement', 'Engajamento'),
  'ind.adoption': E('Adoption', 'Adoção'),
  'ind.nps': E('NPS', 'NPS'),
  'ind.support': E('Support', 'Suporte'),
  'ind.financial': E('Financial', 'Financeiro'),
  'ind.relationship': E('Relationship', 'Relacionamento'),
  'm.mrr': E('MRR', 'MRR'),
  'm.arr': E('ARR', 'ARR'),
  'm.status': E('Status', 'Status'),
  'm.tier': E('Tier', 'Porte'),
  'm.healthScore': E('Health score', 'Health score'),
  'm.situation': E('Situation', 'Situação'),
  'm.variation7d': E('Var. 7D', 'Var. 7D'),
  'm.variation15d': E('Var. 15D', 'Var. 15D'),
  'm.variation30d': E('Var. 30D', 'Var. 30D'),
  'm.engagementScore': E('Engagement', 'Engajamento'),
  'm.nps': E('NPS', 'NPS'),
  'm.csat': E('CSAT', 'CSAT'),
  'm.licenses': E('Licenses', 'Licenças'),
  'm.renewalDate': E('Renewal', 'Renovação'),
  'm.daysToRenewal': E('Days to renewal', 'Dias p/ renovação'),
  'm.pendingActivities': E('Pending activities', 'Atividades pendentes'),
  'm.lateActivities': E('Late activities', 'Atividades atrasadas'),
  'm.lastInteraction': E('Last interaction', 'Última interação'),
  'm.lastPurchase': E('Last purchase', 'Última compra'),
  'm.overdueInvoices': E('Overdue invoices', 'Títulos vencidos'),
  'm.ticketsAboveSla': E('Tickets above SLA', 'Tickets acima do SLA'),
  'm.activeUsers30d': E('Active users (30d)', 'Usuários ativos (30d)'),
  'm.tcv': E('TCV', 'TCV'),
  'm.ltv': E('LTV', 'LTV'),
  'm.sponsor': E('Sponsor', 'Patrocinador'),
  'status.active': E('Active', 'Ativo'),
  'status.inactive': E('Inactive', 'Inativo'),
  'situation.risk': E('Risk', 'Risco'),
  'situation.opportunity': E('Opportunity', 'Oportunidade'),
  'situation.neutral': E('Neutral', 'Neutro'),
  'band.red': E('red', 'vermelho'),
  'band.yellow': E('yellow', 'amarelo'),
  'band.green': E('green', 'verde'),
  'presence.you': E('you', 'você'),
  'presence.rename': E('Your name (shown to colleagues)', 'Seu nome (visto pelos colegas)'),
  'asOf.label': E('As of', 'Data de referência'),
  'lang.label': E('Language', 'Idioma'),
  'settings.title': E('Workbook settings (shared with everyone in the workbook)', 'Configurações da planilha (compartilhadas com todos)'),
  'settings.healthWeights': E('Health score weights', 'Pesos do health score'),
  'settings.healthBands': E('Health bands', 'Faixas de saúde'),
  'settings.red': E('Red below', 'Vermelho abaixo de'),
  'settings.green': E('Green from', 'Verde a partir de'),
  'settings.windows': E('Survey windows (days)', 'Janelas das pesquisas (dias)'),
  'settings.npsWindowDays': E('NPS', 'NPS'),
  'settings.csatWindowDays': E('CSAT', 'CSAT'),
  'settings.cesWindowDays': E('CES', 'CES'),
  'settings.scheduledTaskDays': E('Scheduled tasks horizon (days)', 'Horizonte de tarefas agendadas (dias)'),
  'settings.tiers': E('Tiers (by MRR)', 'Portes (por MRR)'),
  'settings.tierName': E('Name', 'Nome'),
  'settings.tierMin': E('Minimum MRR', 'MRR mínimo'),
  'settings.addTier': E('Add tier', 'Adicionar porte'),
  'settings.removeTier': E('Remove', 'Remover'),
  'settings.currency': E('Currency', 'Moeda'),
  'settings.locale': E('Locale', 'Localidade'),
  'settings.saved': E('Saved', 'Salvo'),
  'settings.invalid': E('Not saved — {message}', 'Não salvo — {message}'),
  'dashboard.placeholder': E('Dashboard loading…', 'Carregando painel…'),
} satisfies Record<string, Entry>;

export type StringKey = keyof typeof strings;

/** Translates a key; unknown keys come back as-is so a missing string is visible, not fatal. */
export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const entry = (strings as Record<string, Entry>)[key];
  let s = entry ? entry[lang] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** pt-BR when the browser prefers Portuguese, else English. */
export function browserLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    if (l.toLowerCase().startsWith('pt')) return 'pt-BR';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}
