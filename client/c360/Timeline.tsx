// The customer's timeline (assembled by core's buildTimeline in the worker), newest first,
// filterable by kind, date and "only marked"; late activities, overdue invoices and tickets
// above SLA carry a mark; survey answers show their comment.
import { createMemo, createSignal, For, Show } from 'solid-js';
import { filterTimeline, timelineKinds, type TimelineItem, type TimelineKind } from '../../core/index.js';
import type { AppContext } from '../app-context.js';

const PAGE = 100;

export function Timeline(p: { ctx: AppContext; items: TimelineItem[] }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const [kinds, setKinds] = createSignal<TimelineKind[]>([...timelineKinds]);
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [marked, setMarked] = createSignal(false);
  const [shown, setShown] = createSignal(PAGE);
  const filtered = createMemo(() => filterTimeline(p.items, { kinds: kinds(), from: from() || null, to: to() || null, markedOnly: marked() }));
  const toggle = (k: TimelineKind, on: boolean) => {
    setKinds((ks) => (on ? [...ks, k] : ks.filter((x) => x !== k)));
    setShown(PAGE);
  };
  const text = (i: TimelineItem): string => {
    const d = (v: string | null) => ctx.fmt.date(v);
    switch (i.kind) {
      case 'activity':
        return [i.title, i.type, i.owner, i.doneAt ? ctx.t('c360.tl.activity.done', { date: d(i.doneAt) }) : i.dueDate ? ctx.t('c360.tl.activity.due', { date: d(i.dueDate) }) : '']
          .filter(Boolean).join(' · ');
      case 'ticket':
        return [i.subject ?? ctx.t('c360.tl.ticket.noSubject'), i.closedAt ? ctx.t('c360.tl.ticket.closed', { date: d(i.closedAt) }) : ctx.t('c360.tl.ticket.open'), i.slaDueAt ? ctx.t('c360.tl.ticket.sla', { date: d(i.slaDueAt) }) : '']
          .filter(Boolean).join(' · ');
      case 'invoice':
        return [ctx.t('c360.tl.invoice', { amount: ctx.fmt.money(i.amount) }), i.paidAt ? ctx.t('c360.tl.invoice.paid', { date: d(i.paidAt) }) : i.dueDate ? ctx.t('c360.tl.invoice.due', { date: d(i.dueDate) }) : '']
          .filter(Boolean).join(' · ');
      case 'survey':
        return [ctx.t('c360.tl.survey', { kind: i.survey.toUpperCase(), score: i.score }), i.contact].filter(Boolean).join(' · ');
      case 'contract': {
        const what = [i.product, ctx.fmt.money(i.value) + (i.model === 'recurring' && i.billingPeriodMonths !== 1 ? ` / ${i.billingPeriodMonths}m` : '')].filter(Boolean).join(' · ');
        return ctx.t(i.event === 'started' ? 'c360.tl.contract.started' : 'c360.tl.contract.canceled', { what });
      }
      case 'usage-summary':
        return ctx.t('c360.tl.usage', { date: d(i.date), users: ctx.fmt.number(i.activeUsers), actions: ctx.fmt.number(i.actions) });
    }
  };
  return (
    <section class="c360-block c360-timeline" data-testid="c360-timeline" data-count={filtered().length}>
      <h2>{ctx.t('c360.sec.timeline')}</h2>
      <div class="c360-tl-filters">
        <For each={timelineKinds}>
          {(k) => (
            <label class={`c360-chip kind-${k}`}>
              <input type="checkbox" data-testid={`tl-kind-${k}`} checked={kinds().includes(k)} onChange={(e) => toggle(k, e.currentTarget.checked)} />
              {ctx.t(`c360.tl.kind.${k}`)}
            </label>
          )}
        </For>
        <label>
          {ctx.t('c360.tl.from')} <input type="date" data-testid="tl-from" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {ctx.t('c360.tl.to')} <input type="date" data-testid="tl-to" value={to()} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label class="c360-chip">
          <input type="checkbox" data-testid="tl-marked" checked={marked()} onChange={(e) => setMarked(e.currentTarget.checked)} />
          {ctx.t('c360.tl.marked')}
        </label>
        <span class="c360-muted">{ctx.t('c360.tl.count', { n: ctx.fmt.number(filtered().length), total: ctx.fmt.number(p.items.length) })}</span>
      </div>
      <Show when={filtered().length > 0} fallback={<p class="c360-muted">{ctx.t('c360.tl.empty')}</p>}>
        <ol class="c360-tl">
          <For each={filtered().slice(0, shown())}>
            {(i) => (
              <li class={`c360-tl-item kind-${i.kind}`} classList={{ marked: i.marks.length > 0 }} data-testid="timeline-item" data-kind={i.kind} data-key={i.key} data-date={i.date} data-marks={i.marks.join(' ')}>
                <time datetime={i.date}>{ctx.fmt.date(i.date)}</time>
                <span class="c360-tl-kind">{ctx.t(`c360.tl.kind.${i.kind}`)}</span>
                <span class="c360-tl-text">
                  {text(i)}
                  <Show when={i.kind === 'survey' && i.comment}>
                    <q class="c360-comment">{(i as Extract<TimelineItem, { kind: 'survey' }>).comment}</q>
                  </Show>
                </span>
                <For each={i.marks}>{(m) => <span class={`c360-mark mark-${m}`} data-mark={m}>{ctx.t(`c360.mark.${m}`)}</span>}</For>
              </li>
            )}
          </For>
        </ol>
        <Show when={filtered().length > shown()}>
          <button type="button" class="dash-link" onClick={() => setShown((n) => n + PAGE)}>
            {ctx.t('c360.tl.more', { n: Math.min(PAGE, filtered().length - shown()) })}
          </button>
        </Show>
      </Show>
    </section>
  );
}
