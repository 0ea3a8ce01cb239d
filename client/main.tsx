/// <reference types="vite/client" />
// Entry point: which workbook (/w/<id>), whose token (#token=…), then the local replica
// (IndexedDB before the network), the derivation worker, presence and the UI.
import * as Y from 'yjs';
import { createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { chunkedTables, defaultSettings, openWorkbook, type Lang, type Settings } from '../core/index.js';
import type { AppContext, OpenSheetOptions, SheetId } from './app-context.js';
import { App } from './App.js';
import { startDerivation } from './derive/client.js';
import { browserLang, translate, translator } from './i18n/catalog.js';
import { createFormatters } from './i18n/format.js';
import { startPresence } from './presence.js';
import { decodeClaims, storeName, storedName, takeToken } from './session/token.js';
import { pathOf, routeOf } from './c360/route.js';
import { startSync } from './session/sync.js';
import { initialView, rememberView } from './session/view-memory.js';
import { IndexeddbPersistence } from 'y-indexeddb';
import { createBulkWrite } from './bulk.js';
import { startUndo } from './undo.js';
import { registerOfflineShell } from './offline.js';
import { currentPreview, previewSync, setWorkspaceSession } from './workspace/session.js';
import './styles.css';
import { exposeHandle } from './console-handle.js';

const DEFAULT_WORKBOOK = 'team';
/** Once the cache is shown, the stored workbook waits at most this long for the dashboard's first paint. */
const FIRST_PAINT_WAIT_MS = 1500;
/** The workbook never waits longer than this for the cache's head to be read (a stalled IndexedDB). */
const CACHE_READ_WAIT_MS = 15_000;
const route = routeOf(location.pathname);
const workbookId = route?.workbook ?? DEFAULT_WORKBOOK;
if (!route) history.replaceState(null, '', `/w/${workbookId}${location.search}${location.hash}`);
// The customer whose page is open (/w/<id>/c/<customer>); the browser's back and forward move it.
const [customerPage, setCustomerPage] = createSignal<string | null>(route?.customer ?? null);
window.addEventListener('popstate', () => setCustomerPage(routeOf(location.pathname)?.customer ?? null));
const navigate = (customer: string | null) => {
  if (customer === customerPage()) return;
  history.pushState(customer === null ? null : { pulsoPushed: true }, '', `${pathOf({ workbook: workbookId, customer })}${location.search}${location.hash}`);
  setCustomerPage(customer);
};

const token = takeToken(workbookId, localStorage, location, (url) => history.replaceState(null, '', url));
const claims = decodeClaims(token);
setWorkspaceSession({ token, role: claims.role, name: claims.name });
// A version preview (workspace/preview-main.tsx) shows that version read-only, offline.
const preview = currentPreview();
const readOnly = claims.role === 'viewer' || preview !== null;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const params = new URLSearchParams(location.search);
const asOfParam = params.get('asOf');
/** The sheet the page opens on (the address's, else the last one used in this workbook). */
const firstView = initialView(localStorage, workbookId, params);
const [asOf, setAsOfSignal] = createSignal(asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) ? asOfParam : today());

const doc = new Y.Doc();
if (preview) Y.applyUpdate(doc, preview.data);
// The chunked tables (95% of a workbook's rows) are never kept as row objects on this
// thread, as in the worker: their sheets read pages of rows from the chunks. A million
// usage row objects set off a major collection of 55–218 ms inside the first switch to
// Usage (traced). Usage keeps its chunks' decoded columns: searching a million rows then
// decodes nothing (the other tables decode theirs again: their searches are ~5× smaller).
const workbook = openWorkbook(doc, { rowless: [...chunkedTables], keepDecoded: ['usage'] });
// Applying the stored workbook blocks the main thread for seconds at 10,000 customers, so a
// dashboard that can paint from the derived cache paints first and the workbook loads after.
const firstPaint = { resolve: () => {} };
const painted = new Promise<void>((r) => (firstPaint.resolve = r));
// A stalled IndexedDB must not keep the workbook from loading.
setTimeout(() => firstPaint.resolve(), CACHE_READ_WAIT_MS);
// Only the dashboard paints from the cache alone; a sheet or a customer's page needs the
// workbook's rows, so its load starts at once, its IndexedDB read beside the cache's.
if (route?.customer || firstView !== 'dashboard') firstPaint.resolve();
const sync = preview
  ? previewSync()
  : startSync({ doc, workbookId, token, wsOrigin: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`, localAfter: painted });
// The worker reads the stored workbook from IndexedDB itself and gets every later update
// (server, local edits) forwarded: the main thread never re-encodes the stored workbook.
const derivation = startDerivation(doc, asOf(), {
  idbName: preview ? null : sync.localName,
  skipOrigin: (o) => o instanceof IndexeddbPersistence,
  forwardAfter: sync.localLoaded,
  // A version preview neither shows nor overwrites the live workbook's cached output.
  cacheFor: preview ? undefined : workbookId,
  // A first open on this device paints from the server's derived snapshot instead; the
  // websocket connects after that paint (localAfter), so the long apply of the server's
  // document on this thread cannot delay it.
  server: preview || !token ? undefined : { token, synced: sync.firstSynced },
  // The cards paint from the cache's small record; its metrics are read after that paint.
  metricsAfter: painted,
});
const [localReady, setLocalReady] = createSignal(false);
// The dashboard waits for its paint from the cache (when there is one) before the workbook loads.
void derivation.cacheShown.then((shown) => {
  if (!shown || sheet() !== 'dashboard') firstPaint.resolve();
  else setTimeout(() => firstPaint.resolve(), FIRST_PAINT_WAIT_MS);
});
void sync.localLoaded.then(() => setLocalReady(true));

const savedLang = localStorage.getItem('pulso:lang');
const [lang, setLangSignal] = createSignal<Lang>(savedLang === 'en' || savedLang === 'pt-BR' ? savedLang : browserLang(navigator.languages));
// The link's name is the person's identity (presence, "My tasks", history); a stored name only fills in for links without one.
const [user, setUserSignal] = createSignal(claims.name ?? storedName(workbookId, localStorage) ?? translate(lang(), 'presence.anonymous'));
derivation.setViewer(user());
const [settings, setSettings] = createSignal<Settings>(safeSettings());
const [customerCount, setCustomerCount] = createSignal(workbook.count('customers'));
const [sheet, setSheetSignal] = createSignal<SheetId>(firstView);
/** Every tab change is remembered for this workbook; an address that names a sheet follows it. */
const setSheet = (s: SheetId) => {
  setSheetSignal(s);
  if (preview) return;
  rememberView(localStorage, workbookId, s);
  const u = new URL(location.href);
  if (u.searchParams.has('sheet') && u.searchParams.get('sheet') !== s) {
    u.searchParams.set('sheet', s);
    history.replaceState(history.state, '', u.pathname + u.search + u.hash);
  }
};
const [drill, setDrill] = createSignal<{ customerIds: string[]; label: string } | null>(null);
// Formatting follows the workbook's locale and currency (Settings), for everyone in it.
const formattersOf = (s: Settings) => createFormatters(s.locale, s.currency);
const [fmt, setFmt] = createSignal(formattersOf(settings()));

function safeSettings(): Settings {
  try {
    return workbook.settings();
  } catch {
    return defaultSettings;
  }
}

// The empty workbook's page stays behind an import's dialog until it closes (then the
// dashboard mounts once, not on the import's first customer).
const bulk = createBulkWrite();
bulk.onEnd(() => setCustomerCount(workbook.count('customers')));
// y-websocket copies every update to the other tabs of this workbook (BroadcastChannel) as
// well as to the server: a quarter of the main thread's cost of applying an import. During
// one, the other tabs take it from the server like any colleague's change (reconnecting
// the channel instead would encode the whole workbook for them on this thread).
const provider = sync.provider;
if (provider) {
  let paused = false;
  bulk.onBegin(() => {
    paused = provider.bcconnected;
    provider.bcconnected = false;
  });
  bulk.onEnd(() => {
    if (paused) provider.bcconnected = true;
    paused = false;
  });
}
// The derivation worker queues the import's pieces and derives once when it ends.
bulk.onBegin(() => derivation.hold(true));
bulk.onEnd(() => derivation.hold(false));
workbook.subscribe((change) => {
  if (change.tables.customers && !bulk.active()) setCustomerCount(workbook.count('customers'));
  if (change.settings) {
    const next = safeSettings();
    const before = settings();
    setSettings(next);
    // A new formatter object repaints every figure: only when formatting really changed.
    if (next.locale !== before.locale || next.currency !== before.currency) setFmt(formattersOf(next));
  }
});

const presence = startPresence(sync.awareness, user());
const undo = startUndo(workbook.sharedTypes as Y.AbstractType<unknown>[], workbook.origin);

const ctx: AppContext = {
  workbookId,
  workbook,
  readOnly,
  lang,
  setLang(l) {
    localStorage.setItem('pulso:lang', l);
    setLangSignal(l);
    document.documentElement.lang = l;
  },
  t: translator(lang),
  get fmt() {
    return fmt();
  },
  settings,
  user,
  asOf,
  setAsOf(d) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return;
    setAsOfSignal(d);
    derivation.setAsOf(d);
    const u = new URL(location.href);
    u.searchParams.set('asOf', d);
    history.replaceState(null, '', u.pathname + u.search + u.hash);
  },
  derivation,
  localReady,
  firstPaint: () => firstPaint.resolve(),
  openSheet(s: SheetId, opts?: OpenSheetOptions) {
    setDrill(opts?.customerIds ? { customerIds: opts.customerIds, label: opts.label ?? `${opts.customerIds.length}` } : null);
    setSheet(s);
    navigate(null);
  },
  openCustomer: (id) => navigate(id),
  customerHref: (id) => `${pathOf({ workbook: workbookId, customer: id })}${location.search}`,
  bulk,
  newUndoStep: () => undo.newStep(),
};
document.documentElement.lang = lang();

// The console handle (docs/console.md): tests, benchmarks and people debugging reach the live objects.
exposeHandle({ doc, workbook, derivation, sync, ctx });

render(
  () => (
    <App
      ctx={ctx}
      sync={sync}
      presence={presence}
      undo={undo}
      setUser={(n) => {
        storeName(workbookId, localStorage, n);
        setUserSignal(n);
        derivation.setViewer(n);
        presence.setName(n);
      }}
      customerCount={customerCount}
      sheet={sheet}
      setSheet={setSheet}
      drill={drill}
      setDrill={(d) => setDrill(d?.customerIds ? { customerIds: d.customerIds, label: d.label ?? '' } : null)}
      tokenMissing={!token}
      localReady={localReady}
      customerPage={customerPage}
      // Back to where the person was (the view underneath kept its scroll and filters); a page opened by URL has no such place.
      closeCustomer={() => ((history.state as { pulsoPushed?: boolean } | null)?.pulsoPushed ? history.back() : navigate(null))}
    />
  ),
  document.getElementById('root')!,
);

// Not under the dev server (HMR); any build registers it (a build run inside vitest has NODE_ENV=test, so import.meta.env.PROD would be false).
if (!import.meta.hot) registerOfflineShell();
