// Revenue: MRR by month over the customer's whole life, each month colored by its movement
// (new, expansion, contraction, churn, reactivation), LTV and lifetime, and the contracts
// with their term, renewal and cancellation.
import { createMemo, For, Show } from 'solid-js';
import type { Customer360, CustomerMetrics } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { Chart } from '../dashboard/Chart.js';
import { colors, type ChartOption } from '../dashboard/charts/types.js';
import { chartTableIn } from '../dashboard/charts/table.js';

const movementColor: Record<string, string> = {
  new: colors.new, expansion: colors.expansion, contraction: colors.contraction, churned: colors.churned, reactivation: colors.reactivation,
};

export function RevenueBlock(p: { ctx: AppContext; metrics: CustomerMetrics; view: Customer360 }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const months = () => p.view.revenue.months;
  const option = createMemo<ChartOption>(() => ({
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (raw: unknown) => {
        const i = (Array.isArray(raw) ? raw[0] : raw) as { dataIndex: number };
        const m = months()[i.dataIndex];
        if (!m) return '';
        const mv = m.movement ? ` · ${ctx.t(`c360.mv.${m.movement}`)} ${ctx.fmt.money(m.mrr - m.opening)}` : '';
        return `${m.month}: ${ctx.fmt.money(m.mrr)}${mv}`;
      },
    },
    xAxis: { type: 'category', data: months().map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        name: 'MRR',
        barMaxWidth: 18,
        data: months().map((m) => ({ value: m.mrr, itemStyle: { color: m.movement ? movementColor[m.movement] : colors.neutral } })),
      },
    ],
  }) as ChartOption);
  const moved = () => months().filter((m) => m.movement !== null).reverse();
  return (
    <section class="c360-block c360-revenue" data-testid="c360-revenue">
      <h2>{ctx.t('c360.sec.revenue')}</h2>
      <dl class="c360-facts small">
        <div><dt>MRR</dt><dd>{ctx.fmt.money(p.metrics.mrr)}</dd></div>
        <div><dt>{ctx.t('m.ltv')}</dt><dd data-testid="c360-ltv">{ctx.fmt.money(p.metrics.ltv)}</dd></div>
        <div><dt>{ctx.t('c360.lifetime')}</dt><dd data-testid="c360-lifetime">{ctx.t('c360.months', { n: ctx.fmt.number(p.metrics.lifetimeMonths, 1) })}</dd></div>
        <div><dt>{ctx.t('m.tcv')}</dt><dd>{ctx.fmt.money(p.metrics.tcv)}</dd></div>
      </dl>
      <Show when={months().length > 0}>
        <Chart testid="c360-revenue-chart" title={ctx.t('c360.rev.chart')} option={option()} lang={lang()} table={() => chartTableIn(option(), 'money', ctx.fmt, lang(), 'dash.table.month')} />
        <ul class="c360-movements" data-testid="c360-movements">
          <For each={moved().slice(0, 12)}>
            {(m) => (
              <li data-movement={m.movement}>
                <span class="c360-dot" style={{ background: movementColor[m.movement!] }} />
                {m.month} · {ctx.t(`c360.mv.${m.movement!}`)} · {ctx.fmt.money(m.opening)} → {ctx.fmt.money(m.mrr)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{ctx.t('c360.rev.contracts')}</h3>
      <Show when={p.view.revenue.contracts.length > 0} fallback={<p class="c360-muted">{ctx.t('c360.rev.noContracts')}</p>}>
        <table class="c360-table" data-testid="c360-contracts">
          <thead>
            <tr>
              <th>{ctx.t('c360.rev.product')}</th><th>{ctx.t('c360.rev.term')}</th><th>{ctx.t('c360.rev.value')}</th>
              <th>{ctx.t('c360.rev.monthly')}</th><th>{ctx.t('c360.rev.renewal')}</th><th>{ctx.t('c360.rev.canceled')}</th><th>{ctx.t('c360.rev.state')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={p.view.revenue.contracts}>
              {(c) => (
                <tr data-testid="c360-contract" data-id={c.id} data-state={c.state}>
                  <td>{c.product ?? '—'}</td>
                  <td>
                    {ctx.fmt.date(c.startDate)} – {c.endDate ? ctx.fmt.date(c.endDate) : '…'}
                    <Show when={c.autoRenew}> <small>({ctx.t('c360.rev.autoRenew')})</small></Show>
                  </td>
                  <td class="num">{ctx.fmt.money(c.value)}<Show when={c.model === 'recurring' && c.billingPeriodMonths !== 1}> <small>/ {c.billingPeriodMonths}m</small></Show></td>
                  <td class="num">{c.model === 'recurring' ? ctx.fmt.money(c.monthly) : '—'}</td>
                  <td>{ctx.fmt.date(c.renewal)}</td>
                  <td>{ctx.fmt.date(c.canceledAt)}</td>
                  <td><span class={`c360-pill cs-${c.state}`}>{ctx.t(`c360.cs.${c.state}`)}</span></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
