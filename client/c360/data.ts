// The customer page's live data. Three sources, each already kept current elsewhere:
//   - the customer row: the main thread's doc (one row: workbook.get);
//   - its metrics: the worker's metrics map the grid reads too (no wait at the click);
//   - everything else (health series, revenue, timeline, tasks, contacts): one `customer`
//     request to the derivation worker, which reads only this customer's rows;
//   - the chart's year of daily health: a `health` request right after it (the engine
//     computes that series on request; until it arrives the chart draws the kept days).
// Each worker request is coalesced (at most one in flight) and repeated after any change
// that can touch the customer, so a colleague's burst of edits costs a few requests.
import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';
import type { Customer, Customer360, CustomerMetrics, HealthHistory } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { coalesce } from '../dashboard/live.js';

export type PageState = 'loading' | 'ready' | 'removed' | 'missing';

export interface CustomerPageData {
  row: Accessor<Customer | undefined>;
  metrics: Accessor<CustomerMetrics | undefined>;
  view: Accessor<Customer360 | null>;
  /** The engine's long health series for the as-of date shown (null until it arrives). */
  health: Accessor<HealthHistory | null>;
  state: Accessor<PageState>;
  error: Accessor<string | null>;
}

export function customerPageData(ctx: AppContext, id: string, localReady: Accessor<boolean>): CustomerPageData {
  const wb = ctx.workbook;
  // The last known row stays readable after a removal (the page still says whose it was).
  const [row, setRow] = createSignal<Customer | undefined>(wb.get('customers', id), { equals: false });
  const [exists, setExists] = createSignal(row() !== undefined);
  const [metrics, setMetrics] = createSignal<CustomerMetrics | undefined>(ctx.derivation.metrics().get(id));
  const [view, setView] = createSignal<Customer360 | null>(null);
  const [answered, setAnswered] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  // Seen once on this page: its absence later means a colleague (or an undo) removed it.
  let seen = row() !== undefined;

  const feed = coalesce<string, Customer360 | null>(
    () => ctx.derivation.customer(id),
    (v) => {
      // Asked just before a new as-of date reached the worker: ask again.
      if (v && v.asOf !== untrack(ctx.asOf)) return void setTimeout(refresh, 0);
      if (v) seen = true;
      setView(v);
      setAnswered(true);
      setError(null);
    },
    (e) => setError(e instanceof Error ? e.message : String(e)),
  );
  const [health, setHealth] = createSignal<HealthHistory | null>(null);
  const longFeed = coalesce<string, HealthHistory | null>(
    () => ctx.derivation.health(id),
    (v) => setHealth(v && v.asOf === untrack(ctx.asOf) ? v : null),
    () => setHealth(null), // the chart keeps the kept days; the page's error line is the customer request's
  );
  const refresh = () => {
    feed.request(untrack(ctx.asOf));
    longFeed.request(untrack(ctx.asOf)); // sent after it: the worker answers the page's data first
  };
  createEffect(on(ctx.asOf, refresh));

  const offDoc = wb.subscribe((c) => {
    const cust = c.tables.customers;
    if (cust && (cust.upserted.includes(id) || cust.removed.includes(id))) {
      const r = wb.get('customers', id);
      if (r) {
        seen = true;
        setRow(r);
      }
      setExists(r !== undefined);
    }
    // Any row of another table may be this customer's (a new activity, a moved contract):
    // the worker knows by its row index; asking costs one customer's rows.
    // Yjs emits the doc's update (which the worker gets) after this event: ask after it.
    if (Object.keys(c.tables).some((t) => t !== 'customers') || cust || c.settings) queueMicrotask(refresh);
  });
  const offDerive = ctx.derivation.onChange((e) => {
    if (e.all || e.customers.includes(id)) {
      setMetrics(ctx.derivation.metrics().get(id));
      refresh();
    }
  });
  onCleanup(() => {
    offDoc();
    offDerive();
    feed.dispose();
    longFeed.dispose();
  });

  const state = (): PageState => {
    if (!localReady()) return 'loading';
    if (!exists()) return seen ? 'removed' : 'missing';
    const v = view();
    return v && answered() && v.asOf === ctx.asOf() ? 'ready' : 'loading';
  };
  return { row, metrics, view, health, state, error };
}
