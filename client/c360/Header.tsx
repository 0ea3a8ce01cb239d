// The customer's header: who they are (editable in place, like the grid's cells) and the
// figures a CSM looks at first (MRR/ARR, tier, status, renewal, sponsor, flags).
import { For, Show } from 'solid-js';
import { schema, type Customer, type CustomerMetrics } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { InlineField } from './InlineField.js';

/** The customer fields edited in the header, in reading order (labels from the schema). */
const HEADER_FIELDS = ['externalId', 'segment', 'plan', 'phase', 'csOwner', 'csm', 'salesOwner', 'registeredAt'] as const;
const FLAG_FIELDS = ['riskFlag', 'upsellFlag'] as const;

export function Header(p: { ctx: AppContext; presence: Presence; id: string; row: Customer | undefined; metrics: CustomerMetrics | undefined; disabled: boolean }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const label = (f: keyof typeof schema.customers.fields) => schema.customers.fields[f].label[lang()];
  const m = () => p.metrics;
  const days = () => {
    const d = m()?.daysToRenewal;
    if (d === null || d === undefined) return '';
    return d === 0 ? ctx.t('c360.today') : d > 0 ? ctx.t('c360.inDays', { n: d }) : ctx.t('c360.daysAgo', { n: -d });
  };
  const field = (f: string) => (p.row as Record<string, unknown> | undefined)?.[f];
  return (
    <section class="c360-header" data-testid="c360-header">
      <div class="c360-title">
        <h1>
          <InlineField ctx={ctx} presence={p.presence} table="customers" rowId={p.id} field="name" value={field('name')} testid="c360-field-name" label={label('name')} disabled={p.disabled} />
        </h1>
        <Show when={m()}>
          {(mm) => (
            <>
              <span class={`c360-pill status-${mm().status}`} data-testid="c360-status">{ctx.t(`status.${mm().status}`)}</span>
              <span class={`health-badge band-${mm().healthBand ?? 'none'}`} title={mm().healthBand ? `${ctx.t('m.healthScore')} · ${ctx.t('a11y.band', { band: ctx.t(`band.${mm().healthBand!}` as const) })}` : ctx.t('m.healthScore')}>{ctx.fmt.number(mm().healthScore, 0)}</span>
              <Show when={mm().situation !== 'neutral'}>
                <span class={`c360-pill situation-${mm().situation}`}>{ctx.t(`situation.${mm().situation}`)}</span>
              </Show>
            </>
          )}
        </Show>
      </div>
      <dl class="c360-facts">
        <For each={HEADER_FIELDS}>
          {(f) => (
            <div>
              <dt>{label(f)}</dt>
              <dd>
                <InlineField
                  ctx={ctx} presence={p.presence} table="customers" rowId={p.id} field={f} value={field(f)} testid={`c360-field-${f}`} label={label(f)} disabled={p.disabled}
                  display={f === 'registeredAt' ? (v) => (typeof v === 'string' ? ctx.fmt.date(v) : '—') : undefined}
                />
              </dd>
            </div>
          )}
        </For>
        <div>
          <dt>{ctx.t('m.tier')}</dt>
          <dd data-testid="c360-tier">{m()?.tier ?? '—'}</dd>
        </div>
        <div>
          <dt>{ctx.t('c360.mrrArr')}</dt>
          <dd data-testid="c360-mrr-arr">
            {ctx.fmt.money(m()?.mrr)} / {ctx.fmt.money(m()?.arr)}
          </dd>
        </div>
        <div>
          <dt>{ctx.t('c360.renewal')}</dt>
          <dd data-testid="c360-renewal" classList={{ 'renewal-soon': (m()?.daysToRenewal ?? -1) >= 0 && (m()?.daysToRenewal ?? 99) <= 30 }}>
            {ctx.fmt.date(m()?.renewalDate ?? null)} <small>{days()}</small>
          </dd>
        </div>
        <div class="c360-sponsor">
          <dt>{ctx.t('c360.sponsor')}</dt>
          <dd data-testid="c360-sponsor">
            <Show when={m()?.sponsor} fallback={<small>{ctx.t('c360.noSponsor')}</small>}>
              {(s) => (
                <>
                  <span>{s().name || '—'}</span>
                  <Show when={s().email}>{(e) => <a href={`mailto:${e()}`}>{e()}</a>}</Show>
                  <Show when={s().phone}>{(ph) => <a href={`tel:${ph().replace(/[^\d+]/g, '')}`}>{ph()}</a>}</Show>
                </>
              )}
            </Show>
          </dd>
        </div>
        <For each={FLAG_FIELDS}>
          {(f) => (
            <div>
              <dt>{label(f)}</dt>
              <dd>
                <InlineField
                  ctx={ctx} presence={p.presence} table="customers" rowId={p.id} field={f} value={field(f)} testid={`c360-field-${f}`} label={label(f)} disabled={p.disabled}
                  display={(v) => <span classList={{ 'c360-flag-on': v === true }}>{v === true ? ctx.t('c360.yes') : ctx.t('c360.no')}</span>}
                />
              </dd>
            </div>
          )}
        </For>
      </dl>
    </section>
  );
}
