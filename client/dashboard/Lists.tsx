// The dashboard's action lists, as the derivation answered them (core/catalog/lists.ts:
// membership, order and titles). Rendering only. Every row is a link to its customer's page (a
// plain click opens it in the app, Ctrl/Cmd/middle-click in a new tab, like the sheets' ↗ link);
// the header (and "+n more") opens all of the list's customers in the Customers sheet.
import { Index, Show, type JSX } from 'solid-js';
import { dashboardListDefs, type CustomerListRow as CustomerRow, type DashboardListId, type DashboardLists, type Lang } from '../../core/index.js';
import type { Formatter } from './format.js';
import { translate } from '../i18n/catalog.js';

const titleOf = (id: DashboardListId, lang: Lang) => dashboardListDefs.find((l) => l.id === id)!.label[lang];

const SHOWN = 8;

interface ListProps<T> {
  testid: string;
  title: string;
  lang: Lang;
  rows: T[];
  idOf: (r: T) => string;
  nameOf: (r: T) => string;
  cells: (r: T) => JSX.Element;
  onOpen: (ids: string[], label: string) => void;
  /** A row opens its customer's page (when given); the header still opens them all in the sheet. */
  onCustomer?: (id: string) => void;
  /** The page's address, for the row's link (new tab, copy link). */
  hrefOf?: (id: string) => string;
}

/** A plain left click stays in the app; with a modifier or another button the browser opens a new tab. */
const inApp = (e: MouseEvent) => !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0);

function List<T>(p: ListProps<T>) {
  const all = () => [...new Set(p.rows.map(p.idOf))];
  const openAll = () => p.onOpen(all(), p.title);
  const openRow = (r: T) => (p.onCustomer ? p.onCustomer(p.idOf(r)) : p.onOpen([p.idOf(r)], p.nameOf(r)));
  return (
    <section class="dash-list" data-testid={p.testid} data-count={p.rows.length}>
      <h3>
        <button type="button" class="dash-link" onClick={openAll} disabled={p.rows.length === 0}>
          {p.title} <span class="dash-count">{p.rows.length}</span>
        </button>
      </h3>
      <Show when={p.rows.length > 0} fallback={<p class="dash-empty">{translate(p.lang, 'dash.list.empty')}</p>}>
        <ul>
          {/* By position, not by row object: every answer arrives as new objects (a message from
              the worker), and re-creating the rows would drop the focus and the hover. */}
          <Index each={p.rows.slice(0, SHOWN)}>
            {(r) => (
              <li data-testid={`${p.testid}-row`} data-id={p.idOf(r())}>
                <Show
                  when={p.onCustomer && p.hrefOf}
                  fallback={<button type="button" class="dash-row" onClick={() => openRow(r())}>{p.cells(r())}</button>}
                >
                  <a
                    class="dash-row"
                    data-testid="open-customer"
                    href={p.hrefOf!(p.idOf(r()))}
                    onClick={(e) => {
                      if (!inApp(e)) return;
                      e.preventDefault();
                      openRow(r());
                    }}
                  >
                    {p.cells(r())}
                  </a>
                </Show>
              </li>
            )}
          </Index>
        </ul>
        <Show when={p.rows.length > SHOWN}>
          <button type="button" class="dash-link dash-more" onClick={openAll}>
            {translate(p.lang, 'dash.list.more', { n: p.rows.length - SHOWN })}
          </button>
        </Show>
      </Show>
    </section>
  );
}

export function Lists(p: {
  lang: Lang;
  fmt: Formatter;
  lists: DashboardLists;
  onOpen: (ids: string[], label: string) => void;
  onCustomer?: (id: string) => void;
  hrefOf?: (id: string) => string;
}) {
  const health = (r: CustomerRow) => (
    <span class={`dash-pill dash-band-${r.band ?? 'none'}`} title={r.band ? translate(p.lang, `dash.band.${r.band}` as const) : undefined}>{p.fmt(r.health, 'score')}</span>
  );
  // Churn risk and upsell opportunities show a customer the same way.
  const customerCells = (r: CustomerRow) => (<>
    {health(r)}
    <span class="dash-name" title={r.name}>{r.name}</span>
    <Show when={r.flagged}><span class="dash-tag">{translate(p.lang, 'dash.list.flagged')}</span></Show>
    <span class="dash-num">{p.fmt(r.mrr, 'money')}</span>
  </>);
  return (
    <div class="dash-lists">
      <List
        testid="list-churnRisk" title={titleOf('churnRisk', p.lang)} lang={p.lang} rows={p.lists.churnRisk} onOpen={p.onOpen} onCustomer={p.onCustomer} hrefOf={p.hrefOf}
        idOf={(r) => r.id} nameOf={(r) => r.name}
        cells={customerCells}
      />
      <List
        testid="list-upsell" title={titleOf('upsell', p.lang)} lang={p.lang} rows={p.lists.upsell} onOpen={p.onOpen} onCustomer={p.onCustomer} hrefOf={p.hrefOf}
        idOf={(r) => r.id} nameOf={(r) => r.name}
        cells={customerCells}
      />
      <List
        testid="list-tasks" title={titleOf('tasks', p.lang)} lang={p.lang} rows={p.lists.tasks} onOpen={p.onOpen} onCustomer={p.onCustomer} hrefOf={p.hrefOf}
        idOf={(r) => r.customerId} nameOf={(r) => r.customerName}
        cells={(r) => (<>
          <span class="dash-date" classList={{ 'dash-late': r.late }}>{p.fmt.date(r.due)}</span>
          <span class="dash-name" title={`${r.title} · ${r.customerName}`}>{r.title} <small>· {r.customerName}</small></span>
          <Show when={r.late}><span class="dash-tag dash-tag-late">{translate(p.lang, 'dash.list.late')}</span></Show>
        </>)}
      />
      <List
        testid="list-renewals" title={titleOf('renewals', p.lang)} lang={p.lang} rows={p.lists.renewals} onOpen={p.onOpen} onCustomer={p.onCustomer} hrefOf={p.hrefOf}
        idOf={(r) => r.id} nameOf={(r) => r.name}
        cells={(r) => (<>
          <span class="dash-date">{p.fmt.date(r.date)}</span>
          <span class="dash-name" title={r.name}>{r.name} <small>· {translate(p.lang, 'dash.list.inDays', { n: r.days })}</small></span>
          <span class="dash-num">{p.fmt(r.mrr, 'money')}</span>
        </>)}
      />
    </div>
  );
}
