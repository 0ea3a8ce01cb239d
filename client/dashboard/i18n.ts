// The dashboard's own strings, pt-BR and English. Card labels and formula sentences (the names
// CustomerX and SenseData users know) live with each figure in core/catalog/figures.ts.
import { boxTitles, cardByField, type Lang } from '../../core/index.js';

type Entry = { en: string; 'pt-BR': string };
const E = (en: string, pt: string): Entry => ({ en, 'pt-BR': pt });

const strings = {
  title: E('Dashboard', 'Painel'),
  'group.revenue': E('Revenue', 'Receita'),
  'group.churn': E('Churn & retention', 'Churn e retenção'),
  'group.satisfaction': E('Satisfaction', 'Satisfação'),
  'group.operations': E('Operations', 'Operação'),
  'filter.segment': E('Segment', 'Segmento'),
  'filter.plan': E('Plan', 'Plano'),
  'filter.phase': E('Phase', 'Fase'),
  'filter.csOwner': E('CS', 'CS'),
  'filter.csm': E('CSM', 'CSM'),
  'filter.tier': E('Tier', 'Porte'),
  'filter.situation': E('Situation', 'Situação'),
  'filter.status': E('Status', 'Status'),
  'filter.search': E('Search name or CNPJ…', 'Buscar nome ou CNPJ…'),
  'filter.asOf': E('As of', 'Data de referência'),
  'filter.clear': E('Clear filters', 'Limpar filtros'),
  'filter.any': E('All', 'Todos'),
  'filter.empty': E('(empty)', '(vazio)'),
  'filter.share': E('Copy link to this view', 'Copiar link desta visão'),
  'filter.copied': E('Link copied — it gives no access: colleagues open it with their own invitation', 'Link copiado — ele não dá acesso: colegas o abrem com o próprio convite'),
  'filter.shareHint': E('Copies the address of this view without any credential', 'Copia o endereço desta visão sem nenhuma credencial'),
  'situation.risk': E('Risk', 'Risco'),
  'situation.opportunity': E('Opportunity', 'Oportunidade'),
  'situation.neutral': E('Neutral', 'Neutro'),
  'status.active': E('Active', 'Ativo'),
  'status.inactive': E('Inactive', 'Inativo'),
  'band.red': E('Red', 'Vermelho'),
  'band.yellow': E('Yellow', 'Amarelo'),
  'band.green': E('Green', 'Verde'),
  'band.none': E('No score', 'Sem nota'),
  'chart.health': E('Health score by month', 'Health Score por mês'),
  'chart.mrr': E('MRR and movements by month', 'MRR e movimentação por mês'),
  'chart.upsell': E('Upsell by month', 'Upsell por mês'),
  'chart.churnRate': E('Churn rate by month', 'Taxa de churn por mês'),
  'chart.nps': E('NPS by month', 'NPS por mês'),
  'chart.situation': E('Customers by situation', 'Clientes por situação'),
  'chart.band': E('Customers by health band', 'Clientes por faixa de saúde'),
  'series.mrr': E('MRR', 'MRR'),
  'series.new': E('New', 'Novo'),
  'series.expansion': E('Expansion', 'Expansão'),
  'series.reactivation': E('Reactivation', 'Reativação'),
  'series.contraction': E('Contraction', 'Redução'),
  'series.churned': E('Churned', 'Cancelado'),
  'series.health': E('Health score', 'Health Score'),
  'series.upsell': E('Upsell', 'Upsell'),
  'series.churnRate': E('Churn rate', 'Taxa de churn'),
  'series.nps': E('NPS', 'NPS'),
  'series.customers': E('Customers', 'Clientes'),
  'list.churnRisk': E('Churn risk', 'Risco de churn'),
  'list.upsell': E('Upsell opportunities', 'Oportunidades de upsell'),
  'list.tasks': E('My scheduled and late tasks', 'Minhas tarefas agendadas e atrasadas'),
  'list.renewals': E('Renewals in the next 30 days', 'Renovações nos próximos 30 dias'),
  'list.empty': E('Nothing here.', 'Nada aqui.'),
  'list.more': E('+{n} more — open all', '+{n} — abrir todos'),
  'list.late': E('late', 'atrasada'),
  'list.flagged': E('flagged', 'marcado'),
  'list.inDays': E('in {n} d', 'em {n} d'),
  'col.customer': E('Customer', 'Cliente'),
  'col.health': E('Health', 'Saúde'),
  'col.mrr': E('MRR', 'MRR'),
  'col.task': E('Task', 'Tarefa'),
  'col.due': E('Due', 'Vencimento'),
  'col.renewal': E('Renewal', 'Renovação'),
  loading: E('Computing the dashboard…', 'Calculando o painel…'),
  error: E('The dashboard could not be computed: {msg}', 'Não foi possível calcular o painel: {msg}'),
  drill: E('Click to open the customers behind this number', 'Clique para abrir os clientes por trás deste número'),
  glossary: E('Glossary', 'Glossário'),
  close: E('Close', 'Fechar'),
  updating: E('updating…', 'atualizando…'),
  filteredBy: E('Dashboard: {what}', 'Painel: {what}'),
  // ---- issue 16 (dashboard): chart data tables -------------------------------------------
  'table.show': E('Show data table', 'Mostrar tabela de dados'),
  'table.hide': E('Hide data table', 'Ocultar tabela de dados'),
  'table.month': E('Month', 'Mês'),
  'table.date': E('Date', 'Data'),
  'table.band': E('Health band', 'Faixa de saúde'),
  'table.share': E('Share', 'Participação'),
  // ---- end issue 16 (dashboard) ------------------------------------------------------------
} satisfies Record<string, Entry>;

export type StringKey = keyof typeof strings;

/** Translates a dashboard string; `{name}` placeholders come from vars. */
export function tr(lang: Lang, key: StringKey, vars?: Record<string, string | number>): string {
  const entry = strings[key] as Entry | undefined;
  if (!entry) return key; // a missing string shows its key, never breaks the view
  let s = entry[lang] ?? entry.en;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

// Card labels, formulas and box titles are declared with each figure in core's catalog.
export const cardLabel = (lang: Lang, field: string) => cardByField(field)?.label[lang] ?? field;
export const cardShortLabel = (lang: Lang, field: string) => cardByField(field)?.short?.[lang] ?? cardLabel(lang, field);
export const cardFormula = (lang: Lang, field: string) => cardByField(field)?.formula[lang] ?? '';
export const boxTitle = (lang: Lang, box: string) => boxTitles[box]?.[lang] ?? box;
