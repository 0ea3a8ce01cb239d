// Every metric of the customer, one tile each: `c360-metric-<field>` with the raw value in
// `data-value` (the dashboard cards' convention) and its glossary sentence on hover.
import { For } from 'solid-js';
import type { CustomerMetrics } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { dataValue, formatMetric, pageMetrics } from './metric-list.js';

export function MetricsBlock(p: { ctx: AppContext; metrics: CustomerMetrics }) {
  const ctx = p.ctx;
  return (
    <section class="c360-block c360-metrics" data-testid="c360-metrics">
      <h2>{ctx.t('c360.sec.metrics')}</h2>
      <div class="c360-tiles">
        <For each={pageMetrics}>
          {(pm) => {
            const sentence = () => pm.def.formula[ctx.lang()];
            const label = () => pm.def.label[ctx.lang()];
            return (
              <div
                class="c360-tile"
                data-testid={`c360-metric-${pm.field}`}
                data-value={dataValue(p.metrics, pm.field)}
                data-kind={pm.kind}
                title={sentence() ? `${label()}: ${sentence()}` : label()}
              >
                <span class="c360-tile-label">{label()}</span>
                <span class="c360-tile-value" classList={{ [`situation-${p.metrics.situation}`]: pm.field === 'situation' }}>
                  {formatMetric(p.metrics, pm, ctx.fmt, ctx.t)}
                </span>
              </div>
            );
          }}
        </For>
      </div>
    </section>
  );
}
