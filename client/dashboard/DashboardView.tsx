// The dashboard tab. Data flows one way: doc → worker derivation → Dashboard (coalesced
// requests) → cards, charts and lists. The filter lives in the address (shareable view), the
// as-of date is the app's (?asOf=). Drill-downs open the Customers sheet on the ids behind a number.
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import type { CustomerStatus, Situation, CustomerMetrics, Dashboard, DashboardDetail, DashboardFilter } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { cards, groups, type Group } from './cards.js';
import { CardGrid } from './Cards.js';
import { Chart } from './Chart.js';
import { dashboardSheets } from '../export/dashboard.js';
import { writeXlsxOffThread } from '../export/xlsx.js';
import { download, fileStem, XLSX_TYPE } from '../export/download.js';
import { pieOption } from './charts/distribution.js';
import { churnRateOption, healthOption, mrrOption, npsOption, upsellOption } from './charts/series.js';
import type { ChartContext, ChartOption } from './charts/types.js';
import { FilterBar, type FilterOptions } from './FilterBar.js';
import { FormulaFilters } from './FormulaFilters.js';
import { makeFormatter, type Unit } from './format.js';
import { chartTable } from './charts/table.js';
import { openGlossary } from '../glossary/state.js';
import { cardLabel } from './i18n.js';
import { translate, type PlainKey } from '../i18n/catalog.js';
import { Lists } from './Lists.js';
import { coalesce } from './live.js';
import { filterFromParams, filterToParams, listKeys, type ListKey } from './url-state.js';
import { Dialog } from '../ui/Dialog.js';
import './dashboard.css';

interface Req { filter: DashboardFilter; user: string; asOf: string }
const viewKey = (r: Req) => JSON.stringify([r.asOf, r.filter]);

/** Drops empty lists and blank search so the address and the request stay minimal. */
function normalize(f: DashboardFilter): DashboardFilter {
  const out: DashboardFilter = {};
  for (const k of listKeys) if (f[k]?.length) (out as Record<string, string[]>)[k] = [...f[k]!];
  if (f.search?.trim()) out.search = f.search.trim();
  for (const [id, spec] of Object.entries(f.custom ?? {})) if (Array.isArray(spec) && spec.length) (out.custom ??= {})[id] = [...spec];
  return out;
}

function writeFilterToAddress(f: DashboardFilter) {
  const qs = filterToParams(f, new URLSearchParams(location.search)).toString();
  history.replaceState(history.state, '', `${location.pathname}${qs ? `?${qs}` : ''}${location.hash}`);
}

export function DashboardView(props: { ctx: AppContext }) {
  const ctx = props.ctx;
  const lang = () => ctx.lang();
  const [filter, setFilterSignal] = createSignal<DashboardFilter>(normalize(filterFromParams(new URLSearchParams(location.search))));
  const setFilter = (f: DashboardFilter) => {
    const n = normalize(f);
    setFilterSignal(n);
    writeFilterToAddress(n);
  };
  const [dash, setDash] = createSignal<Dashboard | null>(null, { equals: false });
  // The lists and pie counts, answered by the worker together with the figures.
  const [detail, setDetail] = createSignal<DashboardDetail | null>(null, { equals: false });
  const [shownKey, setShownKey] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [customersRev, setCustomersRev] = createSignal(0);
  let arrivals = 0;

  // The app's formatters (workbook locale and currency), with the dashboard's units and words.
  const fmt = createMemo(() => makeFormatter(ctx.fmt, lang()));
  const chartCtx = createMemo<ChartContext>(() => ({ lang: lang(), fmt: fmt() }));

  // ---- live dashboard -------------------------------------------------------------------
  const feed = coalesce<Req, [Dashboard, DashboardDetail]>(
    (r) => Promise.all([ctx.derivation.dashboard({ filter: r.filter, user: r.user }), ctx.derivation.detail({ filter: r.filter, user: r.user })]),
    ([d, x], r) => {
      if (arrivals === 0) {
        performance.mark('pulso:dashboard-first');
        // After the frame that shows it: then the app may block the thread loading the workbook.
        requestAnimationFrame(() => setTimeout(() => ctx.firstPaint(), 0));
      }
      arrivals++;
      setDetail(x);
      setDash(d);
      setShownKey(viewKey(r));
      setError(null);
    },
    (e) => setError(e instanceof Error ? e.message : String(e)),
    (a, b) => viewKey(a) === viewKey(b),
  );
  const current = (): Req => ({ filter: filter(), user: ctx.user(), asOf: ctx.asOf() });
  // Edits arrive as many small events; one request per short tick is plenty. The timer also
  // lets the doc update (or the shell's setAsOf) reach the worker before our request does:
  // the signal changes synchronously, the worker message is posted right after.
  let soon: ReturnType<typeof setTimeout> | undefined;
  const refresh = (delay = 30) => {
    if (soon !== undefined) return;
    soon = setTimeout(() => {
      soon = undefined;
      feed.request(untrack(current));
    }, delay);
  };
  createEffect(on(current, () => refresh(0)));
  // Behind an import's dialog nothing repaints until it ends (client/bulk.ts); then once.
  const held = () => ctx.bulk?.active() === true;
  const offDerivation = ctx.derivation.onChange(() => { if (!held()) refresh(); });
  const offWorkbook = ctx.workbook.subscribe((c) => {
    if (held()) return;
    refresh();
    if (c.tables.customers) setCustomersRev((n) => n + 1);
  });
  const offBulk = ctx.bulk?.onEnd(() => {
    refresh(0);
    setCustomersRev((n) => n + 1);
  });
  onCleanup(() => {
    offDerivation();
    offWorkbook();
    offBulk?.();
    clearTimeout(soon);
    feed.dispose();
  });

  // ---- data for the filter bar ------------------------------------------------------------
  const customers = createMemo(() => (customersRev(), ctx.workbook.list('customers')));
  // Metrics are read when a dashboard arrives (the formula-column filters' values).
  const metrics = createMemo<ReadonlyMap<string, CustomerMetrics>>(() => (dash(), ctx.derivation.metrics()), new Map(), { equals: false });

  const options = createMemo<FilterOptions>(() => {
    const distinct = (k: 'segment' | 'plan' | 'phase' | 'csOwner' | 'csm') => {
      const s = new Set<string>(filter()[k] ?? []);
      for (const c of customers()) if (typeof c[k] === 'string' && c[k]) s.add(c[k] as string);
      return [...s].sort((a, b) => a.localeCompare(b, lang()));
    };
    return {
      segment: distinct('segment'),
      plan: distinct('plan'),
      phase: distinct('phase'),
      csOwner: distinct('csOwner'),
      csm: distinct('csm'),
      tier: ctx.settings().tiers.map((t) => t.name),
      situation: ['risk', 'opportunity', 'neutral'],
      status: ['active', 'inactive'],
    };
  });
  const optionLabel = (key: ListKey, v: string) =>
    key === 'situation' ? translate(lang(), `dash.situation.${v as Situation}`) : key === 'status' ? translate(lang(), `dash.status.${v as CustomerStatus}`) : v;


  // ---- charts ----------------------------------------------------------------------------
  const chart = (build: (d: Dashboard, c: ChartContext) => ChartOption) => createMemo(() => {
    const d = dash();
    return d ? build(d, chartCtx()) : null;
  });
  const charts = {
    mrr: chart(mrrOption),
    churnRate: chart(churnRateOption),
    upsell: chart(upsellOption),
    health: chart((d, c) => healthOption(d, c, ctx.settings().healthBands)),
    nps: chart(npsOption),
    band: createMemo(() => { const x = detail(); return x ? pieOption(x.distributions.band, chartCtx()) : null; }),
    situation: createMemo(() => { const x = detail(); return x ? pieOption(x.distributions.situation, chartCtx()) : null; }),
  };

  // ---- drill-down and glossary -------------------------------------------------------------
  // One customer behind a figure or a list: straight to its page. Several: the Customers
  // sheet filtered to them, where each name links to its page (back returns to that sheet).
  const open = (ids: string[], label: string) =>
    ids.length === 1
      ? ctx.openCustomer(ids[0])
      : ctx.openSheet('customers', { customerIds: ids, label: translate(lang(), 'dash.filteredBy', { what: label }) });
  // The worker answers from the same rules and cached contributions the cards were summed with.
  const drill = (key: string, label: string) => {
    if (!dash()) return;
    ctx.derivation.drill(key, { filter: filter(), user: ctx.user() }).then((ids) => open(ids, label), (e) => setError(e instanceof Error ? e.message : String(e)));
  };
  const drillCard = (key: string, field: string) => drill(key, cardLabel(lang(), field));
  // The entry opens over the app (client/glossary), in the interface language.
  const showGlossary = (anchor: string) => openGlossary(anchor);
  const pieClick = (data: unknown) => {
    const d = data as { drill?: string | null; name?: string } | null;
    if (d?.drill) drill(d.drill, d.name ?? d.drill);
  };

  // Static per group (the For must not recreate echarts instances on every update); the
  // option is read through an accessor so only setOption runs when the data changes.
  // `unit` and `category` say how the chart's data table reads (charts/table.ts).
  type ChartSpec = { testid: string; title: PlainKey; option: () => ChartOption | null; unit: Unit; category: PlainKey; click?: (d: unknown) => void };
  const groupCharts: Record<Group, ChartSpec[]> = {
    revenue: [{ testid: 'chart-mrr', title: 'dash.chart.mrr', option: charts.mrr, unit: 'money', category: 'dash.table.month' }],
    churn: [
      { testid: 'chart-churnRate', title: 'dash.chart.churnRate', option: charts.churnRate, unit: 'pct', category: 'dash.table.month' },
      { testid: 'chart-upsell', title: 'dash.chart.upsell', option: charts.upsell, unit: 'money', category: 'dash.table.month' },
    ],
    satisfaction: [
      { testid: 'chart-health', title: 'dash.chart.health', option: charts.health, unit: 'score', category: 'dash.table.month' },
      { testid: 'chart-nps', title: 'dash.chart.nps', option: charts.nps, unit: 'nps', category: 'dash.table.month' },
      { testid: 'chart-band', title: 'dash.chart.band', option: charts.band, unit: 'count', category: 'dash.table.band', click: pieClick },
      { testid: 'chart-situation', title: 'dash.chart.situation', option: charts.situation, unit: 'count', category: 'dash.filter.situation', click: pieClick },
    ],
    operations: [],
  };
  const tableOf = (c: ChartSpec) => () => {
    const o = c.option();
    return o ? chartTable(o, c.unit, fmt(), { category: translate(lang(), c.category), share: translate(lang(), 'dash.table.share') }) : null;
  };

  return (
    <div
      class="dash"
      data-testid="dashboard"
      data-state={error() ? 'error' : dash() ? 'ready' : 'loading'}
      data-key={shownKey()}
      data-arrivals={(dash(), arrivals)}
    >
      <FilterBar
        lang={lang()}
        filter={filter()}
        options={options()}
        onFilter={setFilter}
        optionLabel={optionLabel}
      />
      <Show when={dash()}>
        {(d) => (
          <button
            type="button"
            class="dash-export"
            data-testid="export-dashboard"
            onClick={() => {
              const file = `${fileStem(lang() === 'pt-BR' ? 'painel' : 'dashboard', props.ctx.asOf())}.xlsx`;
              void writeXlsxOffThread(dashboardSheets(d(), lang(), props.ctx.asOf()), { currency: props.ctx.settings().currency })
                .then((bytes) => download(file, bytes as BlobPart, XLSX_TYPE))
                .catch((e: Error) => alert(e.message));
            }}
          >
            ⤓ XLSX
          </button>
        )}
      </Show>
      <FormulaFilters lang={lang()} columns={ctx.settings().customColumns} metrics={metrics()} filter={filter()} onFilter={setFilter} />
      <Show when={error()}>
        <p class="dash-error" role="alert">{translate(lang(), 'dash.error', { msg: error()! })}</p>
      </Show>
      <Show when={dash()} fallback={<p class="dash-loading">{translate(lang(), 'dash.loading')}</p>}>
        {(d) => (
          <>
            <For each={groups}>
              {(g) => (
                <section class={`dash-group dash-group-${g}`} data-testid={`group-${g}`}>
                  <h2>{translate(lang(), `dash.group.${g}`)}</h2>
                  <CardGrid
                    defs={cards.filter((c) => c.group === g)}
                    dash={d()}
                    lang={lang()}
                    fmt={fmt()}
                    onDrill={drillCard}
                    onGlossary={showGlossary}
                  />
                  <Show when={groupCharts[g].length > 0}>
                    <div class="dash-charts">
                      <For each={groupCharts[g]}>
                        {(c) => (
                          <Chart
                            testid={c.testid}
                            title={translate(lang(), c.title)}
                            option={c.option()}
                            table={tableOf(c)}
                            lang={lang()}
                            onItemClick={c.click}
                          />
                        )}
                      </For>
                    </div>
                  </Show>
                  <Show when={g === 'operations' && detail()}>
                    {(x) => <Lists lang={lang()} fmt={fmt()} lists={x().lists} onOpen={open} onCustomer={ctx.openCustomer} hrefOf={ctx.customerHref} />}
                  </Show>
                </section>
              )}
            </For>
          </>
        )}
      </Show>
    </div>
  );
}
