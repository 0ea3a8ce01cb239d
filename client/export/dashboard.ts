// The dashboard's figures (one row per card: label, value, field) and its monthly series
// as one XLSX; money keeps a currency format.
import type { Dashboard, Lang, XCell, XSheet } from '../../core/index.js';
import { cards } from '../dashboard/cards.js';
import { cardLabel } from '../dashboard/i18n.js';
import { translate } from '../i18n/catalog.js';

const at = (d: Dashboard, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), d);

export function dashboardSheets(d: Dashboard, lang: Lang, asOf: string): XSheet[] {
  const pt = lang === 'pt-BR';
  const figures: XSheet = {
    name: pt ? 'Indicadores' : 'Figures',
    header: [pt ? 'Indicador' : 'Figure', pt ? 'Valor' : 'Value', pt ? 'Campo' : 'Field', pt ? 'Data de referência' : 'As of'],
    rows: cards.map((c) => {
      const v = at(d, c.field);
      return [cardLabel(lang, c.field), typeof v === 'number' && Number.isFinite(v) ? v : null, c.field, { date: asOf }] as XCell[];
    }),
    formats: [undefined, undefined, undefined, undefined],
  };
  const money = new Set(['mrr', 'new', 'expansion', 'reactivation', 'contraction', 'churned', 'upsell']);
  const cols: [string, (p: Dashboard['series'][number]) => unknown][] = [
    ['mrr', (p) => p.mrr],
    ['new', (p) => p.movements.new],
    ['expansion', (p) => p.movements.expansion],
    ['reactivation', (p) => p.movements.reactivation],
    ['contraction', (p) => p.movements.contraction],
    ['churned', (p) => p.movements.churned],
    ['upsell', (p) => p.upsell],
    ['churnRate', (p) => p.churnRate],
    ['health', (p) => p.health],
    ['nps', (p) => p.nps],
  ];
  const series: XSheet = {
    name: pt ? 'Evolução mensal' : 'Monthly series',
    header: [pt ? 'Mês' : 'Month', ...cols.map(([k]) => translate(lang, `dash.series.${k}` as never))],
    rows: d.series.map((p) => [p.month, ...cols.map(([, f]) => { const v = f(p); return typeof v === 'number' && Number.isFinite(v) ? v : null; })]),
    formats: [undefined, ...cols.map(([k]) => (money.has(k) ? ('money' as const) : undefined))],
  };
  return [figures, series];
}
