// Revenue: MRR by month over the customer's whole life, each month colored by its movement
// (new, expansion, contraction, churn, reactivation), LTV and lifetime, and the contracts
// with their term, renewal and cancellation.
import { createMemo, For, Show } from 'solid-js';
import type { Customer360, CustomerMetrics } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { Chart } from '../dashboard/Chart.js';
import { colors, type ChartOption } from '../dashboard/charts/types.js';
import { chartTableIn } from '../dashboard/charts/table.js';
import { tr, type C360Key } from './i18n.js';

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
        const mv = m.movement ? ` · ${tr(lang(), `mv.${m.movement}` as C360Key)} ${ctx.fmt.money(m.mrr - m.opening)}` : '';
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
      <h2>{tr(lang(), 'sec.revenue')}</h2>
      <dl class="c360-facts small">
        <div><dt>MRR</dt><dd>{ctx.fmt.money(p.metrics.mrr)}</dd></div>
        <div><dt>{ctx.t('m.ltv')}</dt><dd data-testid="c360-ltv">{ctx.fmt.money(p.metrics.ltv)}</dd></div>
        <div><dt>{ctx.lang() === 'pt-BR' ? 'Tempo de vida' : 'Lifetime'}</dt><dd data-testid="c360-lifetime">{`${ctx.fmt.number(p.metrics.lifetimeMonths, 1)} ${ctx.lang() === 'pt-BR' ? 'meses' : 'months'}`}</dd></div>
        <div><dt>{ctx.t('m.tcv')}</dt><dd>{ctx.fmt.money(p.metrics.tcv)}</dd></div>
      </dl>
      <Show when={months().length > 0}>
        <Chart testid="c360-revenue-chart" title={tr(lang(), 'rev.chart')} option={option()} lang={lang()} table={() => chartTableIn(option(), 'money', ctx.fmt, lang(), 'table.month')} />
        <ul class="c360-movements" data-testid="c360-movements">
          <For each={moved().slice(0, 12)}>
            {(m) => (
              <li data-movement={m.movement}>
                <span class="c360-dot" style={{ background: movementColor[m.movement!] }} />
                {m.month} · {tr(lang(), `mv.${m.movement!}` as C360Key)} · {ctx.fmt.money(m.opening)} → {ctx.fmt.money(m.mrr)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{tr(lang(), 'rev.contracts')}</h3>
      <Show when={p.view.revenue.contracts.length > 0} fallback={<p class="c360-muted">{tr(lang(), 'rev.noContracts')}</p>}>
        <table class="c360-table" data-testid="c360-contracts">
          <thead>
            <tr>
              <th>{tr(lang(), 'rev.product')}</th><th>{tr(lang(), 'rev.term')}</th><th>{tr(lang(), 'rev.value')}</th>
              <th>{tr(lang(), 'rev.monthly')}</th><th>{tr(lang(), 'rev.renewal')}</th><th>{tr(lang(), 'rev.canceled')}</th><th>{tr(lang(), 'rev.state')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={p.view.revenue.contracts}>
              {(c) => (
                <tr data-testid="c360-contract" data-id={c.id} data-state={c.state}>
                  <td>{c.product ?? '—'}</td>
                  <td>
                    {ctx.fmt.date(c.startDate)} – {c.endDate ? ctx.fmt.date(c.endDate) : '…'}
                    <Show when={c.autoRenew}> <small>({tr(lang(), 'rev.autoRenew')})</small></Show>
                  </td>
                  <td class="num">{ctx.fmt.money(c.value)}<Show when={c.model === 'recurring' && c.billingPeriodMonths !== 1}> <small>/ {c.billingPeriodMonths}m</small></Show></td>
                  <td class="num">{c.model === 'recurring' ? ctx.fmt.money(c.monthly) : '—'}</td>
                  <td>{ctx.fmt.date(c.renewal)}</td>
                  <td>{ctx.fmt.date(c.canceledAt)}</td>
                  <td><span class={`c360-pill cs-${c.state}`}>{tr(lang(), `cs.${c.state}` as C360Key)}</span></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
