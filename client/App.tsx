// The app shell: header (as-of date, language, people, undo, sync status), one tab per
// table plus the dashboard and the settings, and the active sheet.
import { createEffect, createMemo, createSignal, For, Match, getOwner, on, onCleanup, onMount, Show, Switch, lazy, Suspense } from 'solid-js';
import { tableNames, schema, type TableName } from '../core/index.js';
import type { AppContext, Freshness, OpenSheetOptions, SheetId } from './app-context.js';
import type { SyncSession } from './session/sync.js';
import type { Presence } from './presence.js';
import type { Undo } from './undo.js';
import { undoKey } from './undo.js';
import { Sheet } from './grid/Sheet.js';
import { SheetDeck, type MakeSheet } from './grid/sheet-deck.js';
import { opensPaged } from './grid/paged-rows.js';
import { exposeSheets } from './console-handle.js';
import { SheetSlot } from './grid/SheetSlot.js';
import { SettingsView } from './settings/SettingsView.js';
import { loadDemo } from './demo.js';
import { WorkspaceBar, PreviewBanner } from './workspace/WorkspaceBar.js';
import { SchemaBanner } from './schema-banner.js';
import { refusalText } from './session/refusal.js';
import { GlossaryDialog } from './glossary/GlossaryDialog.js';
import { closeGlossary, glossaryOpen } from './glossary/state.js';
import { Customer360 } from './c360/Customer360.js';
import { Switcher } from './switcher/Switcher.js';
import { ImportWizard } from './import/ImportWizard.js';
import { ExportWorkbookButton } from './export/ExportWorkbookButton.js';
import { HelpDialog } from './help/HelpDialog.js';
import { isHelpKey } from './help/shortcuts.js';
import { dialogOpen } from './ui/Dialog.js';
import { inkOn } from './presence.js';
import { Tabs, tabId } from './tabs.js';
import { DateInput } from './ui/DateInput.js';

const DashboardView = lazy(() => import('./dashboard-slot.js'));

export interface AppProps {
  ctx: AppContext;
  sync: SyncSession;
  presence: Presence;
  undo: Undo;
  setUser(name: string): void;
  customerCount: () => number;
  sheet: () => SheetId;
  setSheet(s: SheetId): void;
  drill: () => { customerIds: string[]; label: string } | null;
  setDrill(d: OpenSheetOptions | null): void;
  tokenMissing: boolean;
  /** False while the local copy (IndexedDB) is still loading. */
  localReady: () => boolean;
  /** The customer whose page (Customer 360) is open over the current view, or null. */
  customerPage: () => string | null;
  closeCustomer(): void;
}

const PANEL_ID = 'view-panel';
/** An unpaged sheet of fewer rows than this is built ahead (its rows take ~6 µs each in one task). */
const BUILD_AHEAD_ROWS = 2_000;

export function App(props: AppProps) {
  const { ctx, sync, presence, undo } = props;
  const t = ctx.t;
  const [loadingDemo, setLoadingDemo] = createSignal(false);
  const [demoError, setDemoError] = createSignal<string | null>(null);
  const [editingName, setEditingName] = createSignal(false);
  // The import wizard: open with no file (button) or with the file dropped on the window.
  const [importing, setImporting] = createSignal<{ file: File | null } | null>(null);
  const onDragOver = (e: DragEvent) => {
    if (!ctx.readOnly && e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer?.files?.[0];
    if (!file || ctx.readOnly) return;
    e.preventDefault();
    setImporting(null);
    queueMicrotask(() => setImporting({ file }));
  };
  onMount(() => {
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
  });
  onCleanup(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('drop', onDrop);
  });

  // "?" opens the keyboard help (outside text fields and grid cells, and with no dialog open).
  const [help, setHelp] = createSignal(false);
  const onHelpKey = (e: KeyboardEvent) => {
    if (!isHelpKey(e) || dialogOpen()) return;
    e.preventDefault();
    setHelp(true);
  };
  onMount(() => window.addEventListener('keydown', onHelpKey));
  onCleanup(() => window.removeEventListener('keydown', onHelpKey));

  const onKey = (e: KeyboardEvent) => {
    const k = undoKey(e);
    if (!k || ctx.readOnly) return;
    const target = e.target as HTMLElement | null;
    // Inside a text field the browser undoes the typing; elsewhere it is the workbook.
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    e.preventDefault();
    if (k === 'undo') undo.undo();
    else undo.redo();
  };
  onMount(() => window.addEventListener('keydown', onKey));
  onCleanup(() => window.removeEventListener('keydown', onKey));

  const demo = async () => {
    setLoadingDemo(true);
    setDemoError(null);
    // Let the "loading" state paint before the (synchronous) generation.
    await new Promise((r) => setTimeout(r, 30));
    const res = loadDemo(ctx.workbook, ctx.asOf());
    setLoadingDemo(false);
    if (!res.ok) setDemoError(res.message);
  };

  const syncLabel = () => {
    const s = sync.state();
    return s === 'synced' ? t('sync.synced') : s === 'connecting' ? t('sync.connecting') : t('sync.offline');
  };
  const pending = () => sync.unconfirmed();
  const refusal = () => {
    const r = sync.refused();
    if (!r) return null;
    return refusalText(r, t);
  };
  // The dashboard paints from the derived cache before the stored workbook is loaded (main.tsx).
  const fromCache = () => !props.localReady() && props.sheet() === 'dashboard' && ctx.derivation.freshness() !== 'none';
  const freshnessHint = (f: Freshness) => (f === 'unverified' || f === 'cache' || f === 'stale' ? t(`freshness.${f}.hint`) : '');
  const tabs: SheetId[] = ['dashboard', ...tableNames, 'settings'];
  const tabLabel = (s: SheetId) =>
    s === 'dashboard' ? t('tab.dashboard') : s === 'settings' ? t('tab.settings') : schema[s as TableName].label[ctx.lang()];
  const openTab = (s: SheetId) => {
    if (props.customerPage()) props.closeCustomer();
    props.setDrill(null);
    props.setSheet(s);
  };

  // The view under a customer's page is skipped, not just covered: `content-visibility:
  // hidden` keeps its rendering state (the grid's scroll, its rows) but leaves it out of
  // style, layout, focus and the accessibility tree. `inert` did the same for focus, but
  // restyled every cell of the grid on the way in and again on the way out (~35 ms each at
  // 10,000 customers), and every layout the page forced while open included the grid.
  const covered = () => props.customerPage() !== null;
  const deck = new SheetDeck(getOwner());
  onCleanup(() => deck.dispose());
  exposeSheets(() => deck.keys());
  /** The deck's key of a sheet: its table, drill-down label and language. */
  const sheetKey = (table: string, drill: { label: string } | null, lang: string) => `${table}|${drill?.label ?? ''}|${lang}`;
  const sheetOf = (table: TableName, drill: { customerIds: string[]; label: string } | null): MakeSheet => (shown) =>
    (<Sheet ctx={ctx} table={table} presence={presence} filter={drill} onClearFilter={() => props.setDrill(null)} shown={shown} />) as HTMLElement;
  // The other sheets are built while the page is idle, so a first switch only attaches one;
  // not those whose grid would take every row at once (an unpaged sheet of many rows).
  const hasRows = createMemo(() => props.localReady() && props.customerCount() > 0);
  createEffect(on([ctx.lang, hasRows], ([lang, ready], before) => {
    // Column headers, number formats and messages are built in the language a sheet opened in.
    if (before && before[0] !== lang) deck.dropWhere((key) => !key.endsWith(`|${lang}`)); // sheetKey ends with the language
    if (!ready) return;
    const cheap = (table: TableName) => opensPaged(ctx.workbook, table) || ctx.workbook.storedCount(table) < BUILD_AHEAD_ROWS;
    deck.prepareWhenIdle(tableNames.filter(cheap).map((table) => ({ key: sheetKey(table, null, lang), make: sheetOf(table, null) })));
  }));

  return (
    <div class="app">
      <header class="topbar">
        {/* The page's one h1 (the customer's page, when open, has the customer's name as its h1). */}
        <Show when={!props.customerPage()} fallback={<span class="brand">Pulso</span>}>
          <h1 class="brand">
            Pulso<span class="sr-only"> · {tabLabel(props.sheet())}</span>
          </h1>
        </Show>
        <span class="workbook-id" title={t('app.workbookId')}>{ctx.workbookId}</span>
        <label class="asof">
          {t('asOf.label')}
          <DateInput testId="as-of" value={ctx.asOf()} fmt={ctx.fmt} pickLabel={t('asOf.pick')} invalidLabel={t('asOf.invalid')} onChange={(iso) => ctx.setAsOf(iso)} />
        </label>
        <span class="spacer" />
        <WorkspaceBar ctx={ctx} />
        <Show when={!ctx.readOnly}>
          <button type="button" data-testid="import-open" onClick={() => setImporting({ file: null })}>
            {t('import.open')}
          </button>
        </Show>
        <ExportWorkbookButton ctx={ctx} />
        <button type="button" class="icon help-button" data-testid="help-open" aria-label={t('help.open')} title={t('help.open')} onClick={() => setHelp(true)}>
          ?
        </button>
        <Show when={!ctx.readOnly}>
          <button type="button" class="icon" data-testid="undo" title={`${t('grid.undo')} (Ctrl+Z)`} disabled={!undo.canUndo()} onClick={() => undo.undo()}>
            ↶
          </button>
          <button type="button" class="icon" data-testid="redo" title={`${t('grid.redo')} (Ctrl+Shift+Z)`} disabled={!undo.canRedo()} onClick={() => undo.redo()}>
            ↷
          </button>
        </Show>
        <div class="people" data-testid="presence">
          <For each={presence.peers()}>
            {(p) => (
              <span
                class="avatar"
                classList={{ self: p.self }}
                style={{ background: p.color, color: inkOn(p.color) }}
                title={p.self ? `${p.name} (${t('presence.you')})` : p.name}
                data-testid={p.self ? 'avatar-self' : 'avatar'}
                onClick={() => p.self && setEditingName(true)}
              >
                {initials(p.name)}
              </span>
            )}
          </For>
        </div>
        <Show
          when={editingName()}
          fallback={
            <button type="button" class="name-button" data-testid="user-name" title={t('presence.rename')} onClick={() => setEditingName(true)}>
              {ctx.user()}
            </button>
          }
        >
          <input
            class="name-input"
            data-testid="user-name-input"
            aria-label={t('presence.rename')}
            value={ctx.user()}
            ref={(el) => setTimeout(() => el.select())}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') setEditingName(false);
            }}
            onBlur={(e) => {
              const v = e.currentTarget.value.trim();
              if (v) props.setUser(v);
              setEditingName(false);
            }}
          />
        </Show>
        <select class="lang" aria-label={t('lang.label')} data-testid="lang" value={ctx.lang()} onChange={(e) => ctx.setLang(e.currentTarget.value as 'en' | 'pt-BR')}>
          <option value="pt-BR">PT</option>
          <option value="en">EN</option>
        </select>
        <Show when={['unverified', 'cache', 'stale'].includes(ctx.derivation.freshness())}>
          <span class="metrics-freshness" data-testid="metrics-freshness" data-state={ctx.derivation.freshness()} role="status" title={freshnessHint(ctx.derivation.freshness())}>
            {t('freshness.refreshing')}
          </span>
        </Show>
        <span
          class="sync-status"
          data-testid="sync-status"
          data-state={sync.state()}
          data-unconfirmed={pending() ?? ''}
          title={pending() ? t('sync.pending', { n: pending()! }) : pending() === 0 ? t('sync.allSaved') : ''}
        >
          <span class="dot" />
          {syncLabel()}
          <Show when={(pending() ?? 0) > 0}>
            <span class="pending" data-testid="sync-pending">
              {ctx.fmt.number(pending())}
            </span>
          </Show>
        </span>
      </header>
      <PreviewBanner ctx={ctx} />
      <Show when={importing()}>
        {(i) => <ImportWizard ctx={ctx} undo={undo} file={i().file} onClose={() => setImporting(null)} />}
      </Show>
      <Show when={glossaryOpen()}>{(a) => <GlossaryDialog ctx={ctx} anchor={a()} onClose={closeGlossary} />}</Show>
      <Show when={help()}>
        <HelpDialog ctx={ctx} onClose={() => setHelp(false)} />
      </Show>
      <Show when={refusal()}>
        <div class="banner error" data-testid="token-refused" role="alert">
          {refusal()}
        </div>
      </Show>
      <Show when={sync.localAvailable() === false}>
        <div class="banner warn" data-testid="offline-unavailable" role="status">
          {t('offline.unavailable')}
        </div>
      </Show>
      <Show when={props.tokenMissing}>
        <div class="banner warn" data-testid="token-missing">
          {t('token.missing')}
        </div>
      </Show>
      <SchemaBanner workbook={ctx.workbook} t={t} />
      <Show when={ctx.readOnly}>
        <div class="banner info" data-testid="readonly-banner">
          {t('readonly.banner')}
        </div>
      </Show>
      <Tabs tabs={tabs} label={tabLabel} selected={props.sheet()} ariaLabel={t('a11y.tabs')} panelId={PANEL_ID} onOpen={openTab} />
      <main class="content-wrap">
      <div class="content" classList={{ covered: covered() }} role="tabpanel" id={PANEL_ID} aria-labelledby={tabId(props.sheet())}>
        <Show when={!props.localReady() && !fromCache()}>
          <p class="placeholder" data-testid="opening">
            {t('app.opening')}
          </p>
        </Show>
        <Show when={props.localReady() && props.customerCount() === 0 && props.sheet() !== 'settings'}>
          <div class="empty" data-testid="empty-workbook">
            <h2>{t('empty.title')}</h2>
            <p>{t('empty.body')}</p>
            <Show when={!ctx.readOnly}>
              <button type="button" class="primary" data-testid="empty-import" onClick={() => setImporting({ file: null })}>
                {t('import.title')}
              </button>{' '}
              <button type="button" data-testid="load-demo" disabled={loadingDemo()} onClick={demo}>
                {loadingDemo() ? t('empty.loading') : t('empty.loadDemo')}
              </button>
            </Show>
            <Show when={demoError()}>
              <p class="error">{demoError()}</p>
            </Show>
          </div>
        </Show>
          <Show when={props.localReady() || fromCache()}>
          <Switch fallback={null}>
            <Match when={props.sheet() === 'dashboard' && (props.customerCount() > 0 || fromCache())}>
              <Suspense fallback={<p class="placeholder">{t('dashboard.placeholder')}</p>}>
                <DashboardView ctx={ctx} />
              </Suspense>
            </Match>
            <Match when={props.sheet() === 'settings'}>
              <SettingsView ctx={ctx} />
            </Match>
            <Match when={props.sheet() !== 'dashboard' && props.sheet()}>
              {(s) => (
                // One sheet per table, language and drill-down filter; kept when left unless drilled.
                <SheetSlot
                  deck={deck}
                  sheetKey={sheetKey(s(), props.drill(), ctx.lang())}
                  keep={!props.drill()}
                  make={sheetOf(s() as TableName, props.drill())}
                />
              )}
            </Match>
          </Switch>
          </Show>
      </div>
      {/* Over the view, which stays mounted: back finds its scroll, filters and selection. */}
      <Show when={props.customerPage()} keyed>
        {(id) => <Customer360 ctx={ctx} presence={presence} id={id} localReady={props.localReady} onBack={props.closeCustomer} />}
      </Show>
      </main>
      <Switcher
        ctx={ctx}
        openView={openTab}
      />
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
