// Health: score and band, the breakdown (indicator, weight, contribution), the engagement
// score, situation and variations, and the chart of the daily health score over
// 30/90/180/365 days, read from the engine (never recomputed here): its long series of the
// customer (a year of days, computed on request), or until that arrives the days it keeps
// (the last 60, then month ends).
import { createMemo, createSignal, For, Show } from 'solid-js';
import { healthBreakdown, type Customer360, type CustomerMetrics, type HealthHistory } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { Chart } from '../dashboard/Chart.js';
import type { ChartOption } from '../dashboard/charts/types.js';
import { colors } from '../dashboard/charts/types.js';
import { chartTableIn } from '../dashboard/charts/table.js';

export const HEALTH_RANGES = [30, 90, 180, 365] as const;
type Range = (typeof HEALTH_RANGES)[number];

/** The series points within the last `range` days up to D (D included). Pure. */
export function healthWindow(points: Customer360['health'], asOf: string, range: number): Customer360['health'] {
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const start = end - (range - 1) * 86_400_000;
  return points.filter((pt) => {
    const t = Date.parse(`${pt.date}T00:00:00Z`);
    return t >= start && t <= end;
  });
}

export function HealthBlock(p: { ctx: AppContext; metrics: CustomerMetrics; view: Customer360 | null; long: HealthHistory | null }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const [range, setRange] = createSignal<Range>(90);
  const lines = () => healthBreakdown(p.metrics.indicators, ctx.settings().healthWeights);
  /** The long series when it is the page's as-of date's; else the kept days. */
  const long = () => (p.view && p.long && p.long.asOf === p.view.asOf && p.long.id === p.view.id ? p.long : null);
  const points = createMemo(() => (p.view ? healthWindow(long()?.points ?? p.view.health, p.view.asOf, range()) : []));
  const option = createMemo<ChartOption | null>(() => {
    if (!p.view) return null;
    const bands = ctx.settings().healthBands;
    return {
      color: [colors.primary],
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => ctx.fmt.number(typeof v === 'number' ? v : null, 1) },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'line',
          name: ctx.t('c360.health.series'),
          data: points().map((pt) => [pt.date, pt.score]),
          connectNulls: false,
          showSymbol: points().length <= 40,
          symbolSize: 4,
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: true, position: 'insideEndTop', formatter: (x: { value?: unknown }) => String(x.value ?? '') },
            data: [
              { yAxis: bands.red, lineStyle: { color: colors.red, type: 'dashed' } },
              { yAxis: bands.green, lineStyle: { color: colors.green, type: 'dashed' } },
            ],
          },
        },
      ],
    } as ChartOption;
  });
  const variation = (v: number | null) => {
    if (v === null) return <span class="variation">—</span>;
    const dir = v > 0.05 ? 'up' : v < -0.05 ? 'down' : 'flat';
    return <span class={`variation var-${dir}`}>{`${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} ${ctx.fmt.percent(v, 1)}`}</span>;
  };
  return (
    <section class="c360-block c360-health" data-testid="c360-health">
      <h2>{ctx.t('c360.sec.health')}</h2>
      <div class="c360-health-top">
        <div class="c360-health-score">
          <span class={`health-badge big band-${p.metrics.healthBand ?? 'none'}`} data-testid="c360-health-score">
            {ctx.fmt.number(p.metrics.healthScore, 1)}
          </span>
          <span>{p.metrics.healthBand ? ctx.t(`band.${p.metrics.healthBand}`) : ''}</span>
        </div>
        <dl class="c360-facts small">
          <div><dt>{ctx.t('m.engagementScore')}</dt><dd>{ctx.fmt.number(p.metrics.engagementScore, 0)}</dd></div>
          <div><dt>{ctx.t('m.situation')}</dt><dd class={`situation-${p.metrics.situation}`}>{ctx.t(`situation.${p.metrics.situation}`)}</dd></div>
          <div><dt>{ctx.t('m.variation7d')}</dt><dd>{variation(p.metrics.variation7d)}</dd></div>
          <div><dt>{ctx.t('m.variation15d')}</dt><dd>{variation(p.metrics.variation15d)}</dd></div>
          <div><dt>{ctx.t('m.variation30d')}</dt><dd>{variation(p.metrics.variation30d)}</dd></div>
        </dl>
      </div>
      <Show when={p.metrics.healthScore !== null} fallback={<p class="c360-muted">{ctx.t('c360.health.none')}</p>}>
        <table class="c360-table" data-testid="c360-breakdown">
          <thead>
            <tr><th>{ctx.t('health.indicator')}</th><th>{ctx.t('health.value')}</th><th>{ctx.t('health.weight')}</th><th>{ctx.t('health.contribution')}</th></tr>
          </thead>
          <tbody>
            <For each={lines()}>
              {(l) => (
                <tr classList={{ skipped: l.value === null || l.weight <= 0 }} data-indicator={l.indicator}>
                  <td>{ctx.t(`ind.${l.indicator}`)}</td>
                  <td>{l.value === null ? ctx.t('health.skipped') : ctx.fmt.number(l.value, 1)}</td>
                  <td>{ctx.fmt.number(l.weight)}</td>
                  <td>{ctx.fmt.number(l.contribution, 1)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <div class="c360-range" role="group" aria-label={ctx.t('c360.health.range')} data-testid="c360-health-range">
        <For each={HEALTH_RANGES}>
          {(r) => (
            <button type="button" classList={{ active: range() === r }} aria-pressed={range() === r} data-range={r} onClick={() => setRange(r)}>
              {ctx.t('c360.health.days', { n: r })}
            </button>
          )}
        </For>
      </div>
      <div data-testid="c360-health-points" data-count={points().length} data-source={long() ? 'daily' : 'kept'} hidden />
      <Chart testid="c360-health-chart" title={ctx.t('c360.health.note')} option={option()} lang={lang()} table={() => chartTableIn(option(), 'score', ctx.fmt, lang(), 'dash.table.date')} />
    </section>
  );
}
