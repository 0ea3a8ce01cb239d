// Chart option builders rendered with echarts SSR to SVG: the series must be drawn, in the
// language asked, with formatted tooltips.
import { afterEach, describe, expect, it } from 'vitest';
import { echarts } from '../../client/dashboard/charts/echarts.js';
import { churnRateOption, healthOption, mrrOption, npsOption, upsellOption } from '../../client/dashboard/charts/series.js';
import { pieOption } from '../../client/dashboard/charts/distribution.js';
import { colors, type ChartContext, type ChartOption } from '../../client/dashboard/charts/types.js';
import { makeFormatter } from '../../client/dashboard/format.js';
import { createFormatters } from '../../client/i18n/format.js';
import { dashboardFixture } from './dashboard-fixture.js';
import { chartTable } from '../../client/dashboard/charts/table.js';

const pt: ChartContext = { lang: 'pt-BR', fmt: makeFormatter(createFormatters('pt-BR', 'BRL'), 'pt-BR') };
const en: ChartContext = { lang: 'en', fmt: makeFormatter(createFormatters('en', 'BRL'), 'en') };
const charts: ReturnType<typeof echarts.init>[] = [];

function svgOf(option: ChartOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 320 });
  charts.push(chart);
  chart.setOption(option);
  return chart.renderToSVGString();
}
const count = (s: string, needle: string) => s.split(needle).length - 1;
const norm = (s: string) => s.replace(/\s/g, ' ');
afterEach(() => { while (charts.length) charts.pop()!.dispose(); });

describe('MRR and movements chart', () => {
  it('draws five stacked movement bars per month and the MRR line, legend in pt-BR', () => {
    const opt = mrrOption(dashboardFixture(), pt);
    const svg = svgOf(opt);
    for (const name of ['Novo', 'Expansão', 'Reativação', 'Redução', 'Cancelado', 'MRR']) expect(svg).toContain(name);
    // each movement colour: one bar per month (12) + its legend icon
    for (const c of [colors.new, colors.expansion, colors.reactivation, colors.contraction, colors.churned]) {
      expect(count(svg, `fill="${c}"`)).toBeGreaterThanOrEqual(12);
    }
    // downward movements are drawn below zero
    const series = opt.series as { name: string; data: number[] }[];
    expect(series.find((s) => s.name === 'Redução')!.data[11]).toBe(-30);
    expect(series.find((s) => s.name === 'Cancelado')!.data[0]).toBe(-45);
    expect(series.find((s) => s.name === 'MRR')!.data).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000]);
    // months on the axis, localized and short (echarts may skip every other label when crowded)
    expect(pt.fmt.month('2023-04')).toBe('abr 23');
    expect(en.fmt.month('2023-04')).toBe('Apr 23');
    expect(svg).toContain('>abr 23<');
    // compact money on the axes
    expect(norm(svg)).toContain('R$ 12 mil');
  });

  it('tooltips show formatted money, sizes of downward movements positive', () => {
    const opt = mrrOption(dashboardFixture(), pt);
    const formatter = (opt.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter([
      { name: 'mar 24', marker: '', seriesName: 'Redução', value: -30 },
      { name: 'mar 24', marker: '', seriesName: 'MRR', value: 12000 },
    ]);
    expect(norm(html)).toBe('mar 24<br/>Redução: R$ 30,00<br/>MRR: R$ 12.000,00');
  });

  it('follows the language', () => {
    const svg = svgOf(mrrOption(dashboardFixture(), en));
    for (const name of ['New', 'Expansion', 'Reactivation', 'Contraction', 'Churned']) expect(svg).toContain(name);
    expect(svg).not.toContain('Redução');
  });
});

describe('monthly line and bar charts', () => {
  it('health: one point per month and the red/green band lines', () => {
    const opt = healthOption(dashboardFixture(), pt, { red: 50, green: 75 });
    const svg = svgOf(opt);
    const s = (opt.series as { data: number[]; markLine: { data: { yAxis: number }[] } }[])[0];
    expect(s.data).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61]);
    expect(s.markLine.data.map((d) => d.yAxis)).toEqual([50, 75]);
    expect(svg).toContain(`stroke="${colors.primary}"`);
    expect(svg).toContain(`stroke="${colors.red}"`);
  });

  it('churn rate tooltip as a percentage; NPS keeps the null month as a gap', () => {
    const opt = churnRateOption(dashboardFixture(), en);
    expect(svgOf(opt)).toContain(`stroke="${colors.churned}"`);
    const f = (opt.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(f([{ name: 'Mar 24', marker: '', seriesName: 'Churn rate', value: 2.5 }])).toBe('Mar 24<br/>Churn rate: 2.5%');
    const nps = npsOption(dashboardFixture(), en);
    expect((nps.series as { data: (number | null)[] }[])[0].data.slice(0, 3)).toEqual([null, -4, -3]);
    expect(svgOf(nps)).toContain(`stroke="${colors.reactivation}"`);
  });

  it('upsell: one bar per month', () => {
    const svg = svgOf(upsellOption(dashboardFixture(), pt));
    expect(count(svg, `fill="${colors.expansion}"`)).toBeGreaterThanOrEqual(12);
  });
});

describe('distribution pies', () => {
  it('draws one slice per non-empty group with counts and share in the tooltip', () => {
    const slices = [
      { key: 'red' as const, count: 2, drill: 'band:red' as const },
      { key: 'yellow' as const, count: 1, drill: 'band:yellow' as const },
      { key: 'green' as const, count: 1, drill: 'band:green' as const },
      { key: 'none' as const, count: 0, drill: 'band:none' as const },
    ];
    const opt = pieOption(slices, pt);
    const svg = svgOf(opt);
    for (const c of [colors.red, colors.yellow, colors.green]) expect(svg).toContain(`fill="${c}"`);
    expect(svg).toContain('Vermelho');
    const f = (opt.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(f({ marker: '', name: 'Vermelho', value: 2 })).toBe('Vermelho: 2 (50,0%)');
    // the slice carries its drill-down key for the click handler
    expect((opt.series as { data: { drill: string | null }[] }[])[0].data.map((d) => d.drill)).toEqual(['band:red', 'band:yellow', 'band:green', 'band:none']);
  });
});

describe('health-band donut labels', () => {
  it('labels each non-empty slice with its count, the largest one too, and never a lone 0', () => {
    const slices = [
      { key: 'red' as const, count: 46, drill: 'band:red' as const },
      { key: 'yellow' as const, count: 85, drill: 'band:yellow' as const },
      { key: 'green' as const, count: 140, drill: 'band:green' as const },
      { key: 'none' as const, count: 0, drill: 'band:none' as const },
    ];
    // The size of the narrowest dashboard chart (1024 px, three charts in a row).
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 300, height: 240 });
    charts.push(chart);
    chart.setOption(pieOption(slices, pt));
    const texts = [...chart.renderToSVGString().matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const n of ['46', '85', '140']) expect(texts).toContain(n);
    expect(texts).not.toContain('0');
    expect(texts.filter((t) => t.includes('…'))).toEqual([]);
    // The legend tells every slice's count, the empty one included.
    expect(texts).toContain('Sem nota 0');
    expect(texts).toContain('Verde 140');
  });
});

describe('chart data tables (text alternative)', () => {
  it('one row per month, one column per series, downward movements by their size', () => {
    const t = chartTable(mrrOption(dashboardFixture(), pt), 'money', pt.fmt, { category: 'Mês', share: 'Participação' });
    expect(t.head).toEqual(['Mês', 'Novo', 'Expansão', 'Reativação', 'Redução', 'Cancelado', 'MRR']);
    expect(t.rows).toHaveLength(12);
    const last = t.rows[11].map(norm);
    expect(last[0]).toBe('mar 24');
    expect(last[4]).toBe('R$ 30,00'); // drawn as -30, listed as its size
    expect(last[6]).toBe('R$ 12.000,00');
  });
  it('a pie lists its slices with count and share', () => {
    const slices = [
      { key: 'risk' as const, count: 1, drill: 'situation:risk' as const },
      { key: 'opportunity' as const, count: 0, drill: 'situation:opportunity' as const },
      { key: 'neutral' as const, count: 3, drill: 'situation:neutral' as const },
    ];
    const t = chartTable(pieOption(slices, en), 'count', en.fmt, { category: 'Situation', share: 'Share' });
    expect(t).toEqual({ head: ['Situation', 'Customers', 'Share'], rows: [['Risk', '1', '25.0%'], ['Opportunity', '0', '0.0%'], ['Neutral', '3', '75.0%']] });
  });
});
