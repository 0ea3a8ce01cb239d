// One sheet = one table in ag-grid. Data flows one way: the Y.Doc (through the workbook's
// change events) and the derivation worker update the grid by transactions; the grid never
// writes its own data (readOnlyEdit): edits go to the workbook, validated, and come back.
import { createEffect, createSignal, on, onCleanup, onMount, Show, For } from 'solid-js';
import { openRowMenu } from '../history/row-menu.js';
import {
  AllCommunityModule,
  ModuleRegistry,
  createGrid,
  themeQuartz,
  type CellEditRequestEvent,
  type ColDef,
  type ColGroupDef,
  type GridApi,
  type GridOptions,
  type IRowNode,
} from 'ag-grid-community';
import { gridLocaleText } from './locale.js';
import { fieldsOf, foldText, healthBreakdown, issuesText, parseTsvBlock, rowIsValid, schema, type CustomerMetrics, type FieldDef, type TableName, type WorkbookChange } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { CARD_COL, UTILITY_COLUMNS, cardColumn, fieldColumns, metricGroups, type ColumnEnv, type GridRow } from './columns.js';
import { loadPrefs, prefsOf, savePrefs } from './persist.js';
import { planPaste, type PasteColumn } from './paste.js';
import { coerceEdit, coerceInput } from './coerce.js';
import { numberNotation } from './number-input.js';
import { searchWords } from './search.js';
import { SearchTexts } from './search-texts.js';
import { customerRanks, rowOrder } from './row-order.js';
import { PagedRows, opensPaged } from './paged-rows.js';
import { runInSlices, type SliceJob } from './slices.js';
import { columnReaders } from './column-readers.js';
import { ConflictNotices } from './ConflictNotices.js';
import { RowCard } from './RowCard.js';
import { newRowDefaults } from './new-row.js';
import { gridRowOf, invalidOf, orphanRecheck, withInvalidMarks, InvalidCount } from './invalid-cells.js';
import { customerOfCell, withCustomerLinks } from '../c360/link-cell.js';
import { copySelection, rangeColumns } from './clipboard.js';
import { rectOf, withRangeMarks, type CellPos, type Rect } from './range.js';
import { deleteCustomersCascade, describeRows, orphanSummary, removeAll } from './cascade-delete.js';
import { SheetExport } from '../export/SheetExport.js';
import { exposeGrid } from '../console-handle.js';
import { formulaColumns } from './formula-columns.js';
import { FormulaColumnDialog } from './FormulaColumnDialog.js';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 12,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  accentColor: '#2563eb',
  wrapperBorderRadius: 6,
});

export interface SheetProps {
  ctx: AppContext;
  table: TableName;
  presence: Presence;
  filter?: { customerIds: string[]; label: string } | null;
  onClearFilter?: () => void;
  /** Whether this sheet is the one on screen (sheet-deck.ts keeps others alive, detached); always, if absent. */
  shown?: () => boolean;
}

interface CellMessage { text: string; top: number; left: number; kind: 'error' | 'info'; rowId: string; colId: string }

/** Below this grid width the sheet takes its phone layout (name column ≤ 40%, checkboxes not pinned). */
const NARROW_PX = 640;

export function Sheet(props: SheetProps) {
  const { ctx, table } = props;
  const wb = ctx.workbook;
  let host!: HTMLDivElement;
  let wrap!: HTMLDivElement;
  let api: GridApi<GridRow> | undefined;
  const cleanups: (() => void)[] = [];
  const [count, setCount] = createSignal(0);
  const [selected, setSelected] = createSignal(0);
  const [message, setMessage] = createSignal<CellMessage | null>(null);
  const [pasteReport, setPasteReport] = createSignal<{ ok: number; errors: { line: number; message: string }[] } | null>(null);
  const [formulaDialog, setFormulaDialog] = createSignal<{ editing: string | null } | null>(null);
  const [breakdown, setBreakdown] = createSignal<{ id: string; top: number; left: number } | null>(null);
  const [outlines, setOutlines] = createSignal<{ key: number; name: string; color: string; editing: boolean; top: number; left: number; width: number; height: number }[]>([]);
  const user = ctx.user();
  const prefs = loadPrefs(localStorage, ctx.workbookId, user, table);
  const [quick, setQuick] = createSignal(prefs.quick ?? '');
  const [wrapText, setWrapText] = createSignal(prefs.wrap === true);
  const [narrowWidth, setNarrowWidth] = createSignal<number | null>(null);
  const [card, setCard] = createSignal<string | null>(null);
  const [rowsVersion, setRowsVersion] = createSignal(0);
  const hasLongText = Object.values(fieldsOf(table) as Record<string, FieldDef>).some((f) => f.kind === 'text' && f.long);
  const filterSet = () => (props.filter ? new Set(props.filter.customerIds) : null);
  let idFilter = filterSet();
  const isCustomers = table === 'customers';
  const shown = () => props.shown?.() ?? true;
  const fields = fieldsOf(table) as Record<string, FieldDef>;

  const customerName = (id: string) => {
    const c = wb.get('customers', id) as { name?: unknown } | undefined;
    return c && typeof c.name === 'string' ? c.name : undefined;
  };
  const env: ColumnEnv = {
    lang: ctx.lang(),
    readOnly: ctx.readOnly,
    get fmt() {
      return ctx.fmt;
    },
    t: ctx.t,
    refName: (t, id) => {
      if (t === 'customers') return customerName(id);
      const c = wb.get('contacts', id) as { name?: unknown } | undefined;
      return c && typeof c.name === 'string' ? c.name : undefined;
    },
    refOptions: (t) =>
      (wb.list(t) as { id: string; name?: unknown }[])
        .map((r) => ({ id: r.id, name: typeof r.name === 'string' ? r.name : r.id }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    renewalSoonDays: 30,
    weights: () => ctx.settings().healthWeights,
    numbers: () => notation(),
    get wrap() {
      return wrapText();
    },
  };
  // Numbers are edited in the workbook locale's notation (Settings), else the interface language's.
  const notation = () => numberNotation(ctx.settings().locale || ctx.lang());

  // Every row goes through the schema's checks first: the grid only ever sees valid values.
  const refs = {
    customerIds: { has: (id: string) => wb.get('customers', id) !== undefined },
    contactIds: { has: (id: string) => wb.get('contacts', id) !== undefined },
  };
  const invalid = new InvalidCount();
  const [invalidTotal, setInvalidTotal] = createSignal(0);
  const [invalidOnly, setInvalidOnly] = createSignal(false);
  const checkRow = (r: Record<string, unknown>): GridRow => gridRowOf(table, r, refs, ctx.lang(), (id) => ctx.t('grid.orphanCell', { id }));
  const toRow = (r: Record<string, unknown>): GridRow => {
    const row = checkRow(r);
    if (isCustomers) row.$m = ctx.derivation.metrics().get(row.id) ?? null;
    invalid.set(row);
    setInvalidTotal(invalid.total);
    return row;
  };
  const allRows = () => (wb.list(table) as Record<string, unknown>[]).map(toRow);

  // The quick search's words; each row's text is kept (search-texts.ts, or read by the paged view).
  const search = { words: searchWords(quick()) };
  const readers = columnReaders(fieldColumns(table, env));
  const searchTexts = new SearchTexts(() => readers);

  // A large sheet is paged (paged-rows.ts): the grid holds the pages on screen, not every row.
  const [busy, setBusy] = createSignal(false);
  const paged = opensPaged(wb, table)
    ? new PagedRows(
        {
          wb,
          table,
          ranks: customerRanks(wb, () => ctx.settings().locale || ctx.lang()),
          check: checkRow,
          isValid: (r) => rowIsValid(table, r, refs),
          readers: () => readers,
          invalid,
          onCount: setCount,
          onInvalidTotal: setInvalidTotal,
          onBusy: setBusy,
          onOrphans: (ids) => setOrphans(ids.length ? { rows: { [table]: [...ids] }, count: ids.length, text: describeRows({ [table]: [...ids] }, ctx.lang(), (n) => ctx.fmt.number(n)) } : null),
        },
        { words: search.words, customers: idFilter },
      )
    : null;
  /** The id of the row shown at a place (a paged grid holds only the pages it has shown). */
  const rowIdAt = (index: number): string | null => (paged ? paged.idAt(index) : api?.getDisplayedRowAtIndex(index)?.data?.id) ?? null;
  /** The in-memory grid's rows get their search texts in slices, before the first keystroke needs them. */
  const warmSearch = () => {
    const rows: GridRow[] = [];
    api?.forEachNode((n: IRowNode<GridRow>) => n.data && rows.push(n.data));
    searchTexts.warm(rows);
  };
  /** The drill-down or the invalid-cells toggle changed: the rows shown follow. */
  const refilter = () => {
    if (paged) paged.setQuery({ customers: idFilter, invalidOnly: invalidOnly() });
    else api?.onFilterChanged();
  };

  // "#": the row's number, which opens the row as a card.
  const cardCol = cardColumn((n) => ctx.t('card.open', { n }), (id) => setCard(id));
  const columns = (): (ColDef<GridRow> | ColGroupDef<GridRow>)[] => withRangeMarks(baseColumns(), () => range.rect);
  const baseColumns = (): (ColDef<GridRow> | ColGroupDef<GridRow>)[] => {
    const cols = withLinks(withInvalidMarks(fieldColumns(table, env)));
    const narrow = narrowWidth();
    const rowNumber = narrow === null ? cardCol : { ...cardCol, width: 36, minWidth: 36 };
    if (isCustomers) {
      // The name stays in view. On a phone the pinned part ("#" and the name) takes at most
      // 40% of the width, and a long name wraps instead of being cut.
      const nameWidth = narrow === null ? undefined : Math.floor(narrow * 0.4) - (rowNumber.width ?? 36);
      cols[0] = narrow === null
        ? { ...cols[0], pinned: 'left', minWidth: 200, maxWidth: undefined }
        : { ...cols[0], pinned: 'left', minWidth: 80, width: nameWidth, maxWidth: nameWidth, wrapText: true, autoHeight: true, cellClass: 'name-wrapped' };
      const formulas = formulaColumns(wb.settings().customColumns, env, ctx.readOnly ? undefined : (id) => setFormulaDialog({ editing: id }));
      // The fields a CS person works with first, then the derived columns in their named groups.
      // Every column sits in a group, so each header row names its columns (a group row with
      // only padding cells has no column headers for screen readers).
      const record: ColGroupDef<GridRow> = { groupId: 'g.record', headerName: ctx.t('grid.group.record'), marryChildren: true, children: [rowNumber, ...cols] };
      const formulaGroup: ColGroupDef<GridRow>[] = formulas.length ? [{ groupId: 'g.formulas', headerName: ctx.t('grid.group.formulas'), children: formulas }] : [];
      return [record, ...metricGroups(env), ...formulaGroup];
    }
    return [rowNumber, ...cols];
  };
  // The customer's name opens its page (Customer 360): a link icon, or Ctrl/Cmd+Enter.
  const withLinks = (cols: ColDef<GridRow>[]): ColDef<GridRow>[] =>
    withCustomerLinks(table, cols, { open: ctx.openCustomer, href: ctx.customerHref, title: ctx.t('c360.open') });

  // A reference typed or pasted as an id or as the row's name (case and accents ignored).
  const fold = foldText;
  const resolveRef = (field: FieldDef) => (text: string) => {
    if (field.kind !== 'ref') return undefined;
    if (wb.get(field.table, text)) return text;
    const key = fold(text);
    const hit = (wb.list(field.table) as { id: string; name?: unknown }[]).find((r) => typeof r.name === 'string' && fold(r.name) === key);
    return hit?.id;
  };

  // ---- messages at the cell ---------------------------------------------------------------
  const cellBox = (rowId: string, colId: string) => {
    const el = host.querySelector(`[row-id="${CSS.escape(rowId)}"] [col-id="${CSS.escape(colId)}"]`);
    const base = wrap.getBoundingClientRect();
    if (!el) return { top: 40, left: 8, width: 0, height: 0 };
    const r = el.getBoundingClientRect();
    return { top: r.top - base.top, left: r.left - base.left, width: r.width, height: r.height };
  };
  let messageTimer: ReturnType<typeof setTimeout> | undefined;
  const showMessage = (rowId: string, colId: string, text: string, kind: 'error' | 'info' = 'error') => {
    const b = cellBox(rowId, colId);
    setMessage({ text, top: b.top + b.height, left: b.left, kind, rowId, colId });
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => setMessage(null), kind === 'error' ? 8000 : 3000);
  };
  /** A cell's message goes as soon as an edit of that cell succeeds. */
  const clearMessageAt = (rowId: string, colId: string) => {
    const m = message();
    if (m && m.rowId === rowId && m.colId === colId) setMessage(null);
  };

  // ---- edits --------------------------------------------------------------------------------
  /** Writes one cell from what an editor (grid or card) handed over: the problem, or null once saved (or unchanged). */
  const commit = (id: string, colId: string, input: unknown): string | null => {
    const field = fields[colId];
    if (!field || ctx.readOnly) return null;
    const c = coerceEdit(field, input, { lang: ctx.lang(), notation: notation(), resolveRef: resolveRef(field), t: ctx.t });
    if (!c.ok) return ctx.t('grid.invalid', { message: c.message });
    const old = (wb.get(table, id) as Record<string, unknown> | undefined)?.[colId];
    if (Object.is(c.value, old) || (c.value === null && (old === undefined || old === null || old === ''))) return null;
    const res = wb.update(table, id, { [colId]: c.value } as never);
    return res.ok ? null : ctx.t('grid.invalid', { message: issuesText(res.errors, ctx.lang()) });
  };
  const onEdit = (e: CellEditRequestEvent<GridRow>) => {
    const colId = e.column.getColId();
    const id = e.data?.id;
    if (!fields[colId] || !id || ctx.readOnly) return;
    const problem = commit(id, colId, e.newValue);
    if (problem) showMessage(id, colId, problem);
    else clearMessageAt(id, colId);
  };

  // ---- paste --------------------------------------------------------------------------------
  const onPaste = (ev: ClipboardEvent) => {
    if (!api || ctx.readOnly) return;
    if ((ev.target as HTMLElement).closest('input, textarea, select')) return; // an editor handles it
    const focused = api.getFocusedCell();
    const text = ev.clipboardData?.getData('text/plain') ?? '';
    if (!focused || !text) return;
    ev.preventDefault();
    const block = parseTsvBlock(text).filter((r) => r.some((c) => c !== ''));
    if (!block.length) return;
    const displayed = api.getAllDisplayedColumns();
    const start = displayed.findIndex((c) => c.getColId() === focused.column.getColId());
    // Editable columns only: a Name/CNPJ/Segment block fills those fields, skipping the derived (ƒ) columns between them.
    const cols: PasteColumn[] = displayed.slice(Math.max(0, start)).filter((c) => fields[c.getColId()]).map((c) => ({
      colId: c.getColId(),
      label: c.getColDef().headerName ?? c.getColId(),
      field: fields[c.getColId()] ?? null,
    }));
    const targets: (string | null)[] = block.map((_, i) => rowIdAt(focused.rowIndex + i));
    const plan = planPaste(block, targets, cols, (f, t) => coerceInput(f, t, ctx.lang(), resolveRef(f)), ctx.lang());
    if (plan.inserts.length > 100 && !confirm(ctx.t('grid.confirmPasteRows', { n: ctx.fmt.number(plan.inserts.length) }))) return;
    const errors = [...plan.errors];
    let ok = 0;
    // One transaction: the whole paste is one undo step.
    wb.transact(() => {
      for (const u of plan.updates) {
        const r = wb.update(table, u.id, u.patch as never);
        if (r.ok) ok++;
        else errors.push({ line: u.line, message: issuesText(r.errors, ctx.lang()) });
      }
      for (const ins of plan.inserts) {
        const defaults = newRowDefaults(table, fields, { asOf: ctx.asOf(), customerId: props.filter?.customerIds[0], lang: ctx.lang() });
        const r = wb.insert(table, { ...defaults, ...ins.row } as never);
        if (r.ok) ok++;
        else errors.push({ line: ins.line, message: issuesText(r.errors, ctx.lang()) });
      }
    });
    errors.sort((a, b) => a.line - b.line);
    setPasteReport({ ok, errors });
  };

  // ---- rectangle of cells (range.ts) and copy ------------------------------------------------------
  const range = { anchor: null as CellPos | null, rect: null as Rect | null };
  /** Moves the anchor and/or the rectangle (end null: no rectangle) and repaints the marks that changed. */
  const setRange = (anchor: CellPos | null, end: CellPos | null) => {
    if (!api) return;
    const before = range.rect;
    range.anchor = anchor;
    range.rect = anchor && end ? rectOf(anchor, end, rangeColumns(api)) : null;
    const cols = new Set([...(before?.cols ?? []), ...(range.rect?.cols ?? [])]);
    if (cols.size) api.refreshCells({ columns: [...cols] });
  };
  const cellPos = (rowIndex: number | null | undefined, colId: string | undefined): CellPos | null =>
    rowIndex != null && rowIndex >= 0 && colId && !UTILITY_COLUMNS.has(colId) ? { row: rowIndex, col: colId } : null;
  const onCopy = (ev: ClipboardEvent) => {
    if (!api || (ev.target as HTMLElement).closest('input, textarea, select')) return;
    const block = copySelection(api, range.rect);
    if (!block || !ev.clipboardData) return;
    ev.preventDefault();
    ev.clipboardData.setData('text/plain', block.text);
    ev.clipboardData.setData('text/html', block.html);
  };

  // ---- add / delete -------------------------------------------------------------------------
  const addRow = () => {
    if (!api) return;
    const row = newRowDefaults(table, fields, { asOf: ctx.asOf(), customerId: props.filter?.customerIds[0] ?? firstCustomerId(), lang: ctx.lang() });
    const res = wb.insert(table, row as never);
    if (!res.ok) {
      setPasteReport({ ok: 0, errors: [{ line: 1, message: issuesText(res.errors, ctx.lang()) }] });
      return;
    }
    const id = typeof res.value === 'string' ? res.value : (row as { id?: string }).id;
    // The row arrives through the doc observer; focus it once it is there.
    queueMicrotask(() => {
      const index = !id ? -1 : paged ? paged.indexOf(id) : (api!.getRowNode(id)?.rowIndex ?? -1);
      if (index >= 0) {
        api!.ensureIndexVisible(index);
        const first = api!.getAllDisplayedColumns().find((c) => fields[c.getColId()]);
        if (first) api!.setFocusedCell(index, first);
      }
    });
  };
  const firstCustomerId = () => (wb.list('customers')[0] as { id: string } | undefined)?.id;
  const cascade = { counting: false };
  const deleteSelected = () => {
    if (!api) return;
    const ids = api.getSelectedRows().map((r) => r.id);
    if (!ids.length) return;
    // Customers take their rows in every table with them (counted in the question, which
    // comes once they are counted: a second click meanwhile starts nothing).
    if (isCustomers) {
      if (cascade.counting) return;
      cascade.counting = true;
      void deleteCustomersCascade(wb, ids, ctx.t, ctx.lang(), (n) => ctx.fmt.number(n), (q) => confirm(q), () => ctx.newUndoStep?.())
        .finally(() => (cascade.counting = false));
      return;
    }
    ctx.newUndoStep?.();
    if (!confirm(ctx.t('grid.confirmDelete', { n: ids.length }))) return;
    wb.transact(() => {
      for (const id of ids) wb.remove(table, id);
    });
  };

  // ---- orphans (rows whose customer is gone) ----------------------------------------------------
  const [orphans, setOrphans] = createSignal<ReturnType<typeof orphanSummary> | null>(null);
  let orphanTimer: ReturnType<typeof setTimeout> | undefined;
  const checkOrphans = () => {
    // A paged sheet finds them while counting its invalid cells, in slices.
    if (isCustomers || !fields.customerId || paged) return;
    clearTimeout(orphanTimer);
    orphanTimer = setTimeout(() => {
      const o = orphanSummary(wb, [table], ctx.lang(), (n) => ctx.fmt.number(n));
      setOrphans(o.count ? o : null);
    }, 300);
  };
  const cleanOrphans = () => {
    const o = orphans();
    if (o && confirm(ctx.t('grid.confirmOrphans', { n: ctx.fmt.number(o.count), list: o.text }))) removeAll(wb, o.rows);
  };

  // ---- presence outlines ----------------------------------------------------------------------
  let outlineFrame = 0;
  const drawOutlines = () => {
    if (outlineFrame || !shown()) return;
    outlineFrame = requestAnimationFrame(() => {
      outlineFrame = 0;
      const out: ReturnType<typeof outlines> = [];
      for (const p of props.presence.peers()) {
        if (p.self || !p.cell || p.cell.sheet !== table) continue;
        const el = host.querySelector(`[row-id="${CSS.escape(p.cell.rowId)}"] [col-id="${CSS.escape(p.cell.colId)}"]`);
        if (!el) continue;
        const b = cellBox(p.cell.rowId, p.cell.colId);
        out.push({ key: p.clientId, name: p.name, color: p.color, editing: p.cell.editing, ...b });
      }
      setOutlines(out);
    });
  };

  // ---- default order (row-order.ts) ------------------------------------------------------------
  const order = rowOrder(table, customerRanks(wb, () => ctx.settings().locale || ctx.lang()));

  // ---- phone layout ------------------------------------------------------------------------------
  const layOut = () => {
    if (!api) return;
    const w = host.clientWidth;
    if (w === 0) return; // detached (another sheet is shown): the layout it had stands
    const narrow = w < NARROW_PX ? w : null;
    if (narrow === narrowWidth()) return;
    setNarrowWidth(narrow);
    api.setGridOption('selectionColumnDef', selectionColumn());
    api.setGridOption('columnDefs', columns());
  };
  // On a phone the checkboxes scroll with the row: the pinned part is "#" and the name only.
  const selectionColumn = () => ({ pinned: narrowWidth() === null ? ('left' as const) : null, width: 44, minWidth: 44, maxWidth: 44, resizable: false, suppressHeaderMenuButton: true });

  /** The in-memory grid: every row a node; ag-grid searches, filters and sorts them. */
  const inMemoryOptions = (): GridOptions<GridRow> => ({
    rowData: allRows(),
    // The default order when no column is sorted (row-order.ts); a header click sorts as usual.
    postSortRows: (p) => {
      if (!p.api.getColumnState().some((c) => c.sort)) order.sort(p.nodes);
    },
    // The quick search (accents, case and CNPJ punctuation ignored: search.ts), the drill-down, the invalid cells.
    isExternalFilterPresent: () => idFilter !== null || invalidOnly() || search.words.length > 0,
    doesExternalFilterPass: (node) => {
      if (invalidOnly() && !invalidOf(node.data)) return false;
      if (search.words.length && node.data && !searchTexts.matches(node.data, search.words)) return false;
      if (!idFilter || !node.data) return true;
      const cid = isCustomers ? node.data.id : (node.data.customerId as string | undefined);
      return cid !== undefined && idFilter.has(cid);
    },
  });
  /** The paged grid: pages of rows from the view (paged-rows.ts), which searches, filters and sorts. */
  const pagedOptions = (view: PagedRows): GridOptions<GridRow> => ({
    rowModelType: 'infinite',
    // No datasource yet: the view is given its grid when the sheet is first shown (onShow).
    cacheBlockSize: 100,
    // ~20,000 rows kept as the person scrolls; pages further away are asked for again.
    maxBlocksInCache: 200,
    blockLoadDebounceMillis: 0,
  });

  onMount(() => {
    const opts: GridOptions<GridRow> = {
      theme,
      localeText: gridLocaleText(ctx.lang()),
      columnDefs: columns(),
      // No type inference: editors hand over raw text, parsed by core's coerceCell with a message on failure.
      defaultColDef: { cellDataType: false, sortable: true, resizable: true, filter: true, floatingFilter: false, minWidth: 90, flex: 0, width: 140 },
      ...(paged ? pagedOptions(paged) : inMemoryOptions()),
      getRowId: (p) => p.data.id,
      readOnlyEdit: true,
      singleClickEdit: false,
      stopEditingWhenCellsLoseFocus: true,
      enterNavigatesVerticallyAfterEdit: true,
      // A paged grid cannot select rows it has not loaded: no "select all" box there. The box
      // selects the rows shown: with a search on, "delete selected" must not reach the rows it
      // hides (ag-grid's default selects those too; its state is also worked out over fewer rows).
      rowSelection: ctx.readOnly ? undefined : { mode: 'multiRow', checkboxes: true, headerCheckbox: !paged, selectAll: 'filtered', enableClickSelection: false },
      selectionColumnDef: selectionColumn(),
      initialState: prefs.state,
      tooltipShowDelay: 300,
      animateRows: false,
      // Rows drawn beyond the viewport, above and below (ag-grid's default 10): each row is
      // ~1–4 ms to create at 10,000 customers, and a first page or a search's new rows are
      // drawn in one task.
      rowBuffer: 4,
      suppressColumnVirtualisation: false,
      onCellEditRequest: onEdit,
      // Keyboard: arrows move between cells and Tab leaves the grid (so a keyboard user is not
      // walked through every cell); while a cell is being edited, Tab saves and goes to the next, as in a spreadsheet.
      tabToNextCell: (p) => (p.editing ? p.nextCellPosition ?? true : false),
      tabToNextHeader: () => false,
      // Shift+arrows extend the rectangle from the anchor; plain arrows move the anchor.
      navigateToNextCell: (p) => {
        const next = p.nextCellPosition;
        const pos = next && !next.rowPinned ? cellPos(next.rowIndex, next.column.getColId()) : null;
        if (pos) {
          const from = range.anchor ?? cellPos(p.previousCellPosition.rowIndex, p.previousCellPosition.column.getColId());
          if ((p.event as KeyboardEvent | null)?.shiftKey && from) setRange(from, pos);
          else setRange(pos, null);
        }
        return next;
      },
      onSortChanged: () => setRange(null, null),
      onFilterChanged: () => setRange(null, null),
      // Right-click a row → History (workspace/WorkspaceBar shows the menu).
      preventDefaultOnContextMenu: true,
      onCellContextMenu: (e) => {
        const ev = e.event as MouseEvent | null;
        if (e.data?.id && ev) openRowMenu({ table, rowId: e.data.id, x: ev.clientX, y: ev.clientY });
      },
      onCellKeyDown: (e) => {
        const k = e.event as KeyboardEvent | undefined;
        if (k?.key === 'Escape' && range.rect && !e.api.getEditingCells().length) setRange(range.anchor, null);
        if (k && (k.key === 'Enter' || k.key === ' ') && 'column' in e && e.column.getColId() === CARD_COL && e.data) {
          k.preventDefault();
          setCard(e.data.id);
          return;
        }
        const id = 'column' in e ? customerOfCell(table, e.column.getColId(), e.data) : undefined;
        if (k?.key === 'Enter' && (k.ctrlKey || k.metaKey) && id && !e.api.getEditingCells().length) {
          k.preventDefault();
          ctx.openCustomer(id);
        }
        // Shift+F10 or the context-menu key: the row menu (History), as a right-click does.
        if (k && (k.key === 'ContextMenu' || (k.shiftKey && k.key === 'F10')) && e.data?.id && !e.api.getEditingCells().length) {
          k.preventDefault();
          const r = (k.target as HTMLElement).getBoundingClientRect();
          openRowMenu({ table, rowId: e.data.id, x: r.left + 8, y: r.bottom });
        }
        // Enter on a health score: its breakdown, as a click does.
        if (k?.key === 'Enter' && !k.ctrlKey && !k.metaKey && 'column' in e && e.column.getColId() === 'm.healthScore' && e.data) {
          const b = cellBox(e.data.id, 'm.healthScore');
          setBreakdown({ id: e.data.id, top: b.top + b.height, left: b.left });
        }
      },
      onCellClicked: (e) => {
        // Shift+click extends the rectangle from the anchor; a plain click moves the anchor.
        const pos = cellPos(e.rowIndex, e.column.getColId());
        if (pos) {
          if ((e.event as MouseEvent | null)?.shiftKey && range.anchor) setRange(range.anchor, pos);
          else setRange(pos, null);
        }
        if (e.column.getColId() === 'm.healthScore' && e.data) {
          const b = cellBox(e.data.id, 'm.healthScore');
          setBreakdown({ id: e.data.id, top: b.top + b.height, left: b.left });
        } else setBreakdown(null);
      },
      onCellFocused: (e) => {
        const node = e.rowIndex != null ? api?.getDisplayedRowAtIndex(e.rowIndex) : undefined;
        const colId = typeof e.column === 'string' ? e.column : e.column?.getColId();
        if (node?.data && colId) props.presence.setCell({ sheet: table, rowId: node.data.id, colId, editing: false });
      },
      onCellEditingStarted: (e) => e.data && props.presence.setCell({ sheet: table, rowId: e.data.id, colId: e.column.getColId(), editing: true }),
      onCellEditingStopped: (e) => e.data && props.presence.setCell({ sheet: table, rowId: e.data.id, colId: e.column.getColId(), editing: false }),
      onSelectionChanged: () => setSelected(api?.getSelectedRows().length ?? 0),
      onModelUpdated: () => {
        if (!paged) setCount(api?.getDisplayedRowCount() ?? 0);
        // Row numbers follow the order and the filter.
        api?.refreshCells({ columns: [CARD_COL] });
        drawOutlines();
      },
      onBodyScroll: drawOutlines,
      onColumnResized: drawOutlines,
      onVirtualColumnsChanged: drawOutlines,
      onStateUpdated: () => {
        if (!api) return;
        savePrefs(localStorage, ctx.workbookId, user, table, { state: prefsOf(api.getState()), quick: quick(), wrap: wrapText() });
      },
    };
    api = createGrid(host, opts);
    layOut();
    const resize = new ResizeObserver(() => layOut());
    resize.observe(host);
    cleanups.push(() => resize.disconnect());
    let shownFormulas = JSON.stringify(wb.settings().customColumns);
    if (!paged) {
      setCount(api.getDisplayedRowCount());
      warmSearch();
    }
    // The deck (sheet-deck.ts) shows and hides this sheet. A detached element forgets its
    // scroll offsets; the grid's own pixel ranges keep them.
    const scroll = { top: 0, left: 0 };
    const onShow = (grid: GridApi<GridRow>) => {
      // Tests and benchmarks drive the visible sheet's grid through the console handle.
      exposeGrid(grid);
      // A paged sheet reads its rows when first shown (one built ahead may never be).
      if (paged && !grid.getGridOption('datasource')) {
        paged.attach(grid);
        grid.setGridOption('datasource', paged.datasource);
      }
      paged?.resume();
      // ag-grid 36 scrolls both ways in one viewport.
      const viewport = host.querySelector<HTMLElement>('.ag-grid-viewport');
      if (viewport) {
        viewport.scrollTop = scroll.top;
        viewport.scrollLeft = scroll.left;
      }
      drawOutlines();
    };
    const onLeave = (grid: GridApi<GridRow>) => {
      scroll.top = grid.getVerticalPixelRange().top;
      scroll.left = grid.getHorizontalPixelRange().left;
      paged?.hold();
      props.presence.setCell(null);
      setBreakdown(null);
      setMessage(null);
    };
    createEffect(on(shown, (now) => (now ? onShow(api!) : onLeave(api!)), { defer: true }));
    if (shown()) onShow(api);

    // Behind an import's dialog (client/bulk.ts) the changes are only gathered, and the grid
    // takes them in one transaction when it ends, instead of one per piece of the import.
    const held = { upserted: new Set<string>(), removed: new Set<string>(), customers: null as null | { upserted: Set<string>; removed: Set<string> }, settings: false, metrics: false };
    const holding = () => ctx.bulk?.active() === true;
    const hold = (change: WorkbookChange) => {
      const c = change.tables[table];
      if (c) {
        for (const id of c.upserted) { held.upserted.add(id); held.removed.delete(id); }
        for (const id of c.removed) { held.removed.add(id); held.upserted.delete(id); }
      }
      const cu = change.tables.customers;
      if (cu) {
        held.customers ??= { upserted: new Set(), removed: new Set() };
        for (const id of cu.upserted) held.customers.upserted.add(id);
        for (const id of cu.removed) held.customers.removed.add(id);
      }
      held.settings ||= change.settings;
    };
    if (ctx.bulk) {
      cleanups.push(
        ctx.bulk.onEnd(() => {
          const c = { upserted: [...held.upserted], removed: [...held.removed] };
          const change: WorkbookChange = { tables: c.upserted.length || c.removed.length ? { [table]: c } : {}, settings: held.settings, local: true, origin: wb.origin };
          if (held.customers) change.tables.customers ??= { upserted: [...held.customers.upserted], removed: [...held.customers.removed] };
          const metrics = held.metrics;
          Object.assign(held, { upserted: new Set(), removed: new Set(), customers: null, settings: false, metrics: false });
          onChange(change);
          if (metrics) onMetrics({ customers: [], all: true });
        }),
      );
    }
    // Doc → grid: only the rows that changed, by transaction (keeps scroll, selection, editor).
    cleanups.push(
      wb.subscribe((change) => {
        if (holding()) hold(change);
        else onChange(change);
      }),
    );
    function onChange(change: WorkbookChange) {
        if (!api) return;
        const c = change.tables[table];
        if (paged) {
          paged.apply(change);
          if (c) setRowsVersion((v) => v + 1);
        } else if (c) {
          searchTexts.forget(c.upserted);
          searchTexts.forget(c.removed);
          const add: GridRow[] = [], update: GridRow[] = [], remove: GridRow[] = [];
          for (const id of c.upserted) {
            const r = wb.get(table, id) as Record<string, unknown> | undefined;
            if (!r) continue;
            (api.getRowNode(id) ? update : add).push(toRow(r));
          }
          for (const id of c.removed) {
            const node = api.getRowNode(id);
            if (node?.data) remove.push(node.data);
            invalid.remove(id);
            setInvalidTotal(invalid.total);
          }
          if (add.length || update.length || remove.length) {
            api.applyTransaction({ add, update, remove });
            setRowsVersion((v) => v + 1);
          }
          // Many new texts to build (an import, a colleague's bulk change): in slices now, not on the next keystroke.
          if (c.upserted.length > 1_000) warmSearch();
        }
        if (c || change.tables.customers) checkOrphans();
        // Currency, bands and tiers change how cells read.
        if (change.settings) api.refreshCells({ force: true });
        // Formula columns added, edited or removed (here or by a colleague).
        if (change.settings && isCustomers && JSON.stringify(wb.settings().customColumns) !== shownFormulas) {
          shownFormulas = JSON.stringify(wb.settings().customColumns);
          api.setGridOption('columnDefs', columns());
        }
        // A customer removed (or brought back by Ctrl+Z) turns its rows here into orphans (or
        // back): their invalid cells are worked out again, so the invalid-cells view lists them.
        if (!paged && !isCustomers && change.tables.customers && fields.customerId) {
          const rows: GridRow[] = [];
          api.forEachNode((n: IRowNode<GridRow>) => n.data && rows.push(n.data));
          const update = orphanRecheck(rows, change.tables.customers).flatMap((r) => {
            const raw = wb.get(table, r.id) as Record<string, unknown> | undefined;
            return raw ? [toRow(raw)] : [];
          });
          if (update.length) api.applyTransaction({ update });
        }
        // The invalid-cells view with nothing left to list (cleaned up, fixed, undone) closes
        // itself: its toggle is hidden at zero and would otherwise leave an empty grid.
        if (invalidOnly() && invalid.total === 0) {
          setInvalidOnly(false);
          refilter();
        }
        // Customer names shown in reference columns.
        if (!isCustomers && change.tables.customers && fields.customerId) {
          api.refreshCells({ columns: ['customerId'], force: true });
          // The search reads customer names too: its per-row text (cached) is stale.
          if (!paged) {
            searchTexts.clear();
            if (search.words.length) api.onFilterChanged();
            warmSearch();
          }
        }
    }
    // With no column sorted or filtered, no row moves: nodes can take new metrics in place. A
    // transaction runs ag-grid's filter, sort and flatten over every row node (~100 ms a
    // metrics change at 100,000 customers, for one customer's new MRR).
    const rowsStayPut = () => !api!.isColumnFilterPresent() && !api!.getColumnState().some((c) => c.sort);
    const withMetrics = (data: GridRow, m: ReadonlyMap<string, CustomerMetrics>): GridRow => ({ ...data, $m: m.get(data.id) ?? null });
    /** These nodes' new metrics in one transaction (rows may move); a node removed meanwhile is left alone. */
    const metricsByTransaction = (grid: GridApi<GridRow>, nodes: Iterable<IRowNode<GridRow>>) => {
      const m = ctx.derivation.metrics();
      const update: GridRow[] = [];
      for (const n of nodes) if (n.data && grid.getRowNode(n.data.id) === n) update.push(withMetrics(n.data, m));
      grid.applyTransaction({ update });
    };
    /**
     * Every customer's metrics, in place: the rows on screen at once, the others in slices
     * (100,000 nodes in one task held the page for ~550 ms). Each slice reads the latest
     * metrics; should a sort or filter appear meanwhile, the rest goes as one transaction.
     */
    const everyMetric = { job: null as SliceJob<void> | null };
    cleanups.push(() => everyMetric.job?.cancel());
    function* everyMetricInPlace(): Generator<void, void> {
      const grid = api!;
      const first = grid.getFirstDisplayedRowIndex();
      const last = grid.getLastDisplayedRowIndex();
      for (let i = Math.max(0, first); i <= last; i++) {
        const n = grid.getDisplayedRowAtIndex(i);
        if (n?.data) n.updateData(withMetrics(n.data, ctx.derivation.metrics()));
      }
      if (card()) setRowsVersion((v) => v + 1);
      yield;
      const nodes: IRowNode<GridRow>[] = [];
      grid.forEachNode((n: IRowNode<GridRow>) => void nodes.push(n));
      for (let i = 0; i < nodes.length; i += 500) {
        if (grid.isDestroyed()) return;
        const m = ctx.derivation.metrics();
        if (!rowsStayPut()) return metricsByTransaction(grid, nodes.slice(i));
        for (let j = i; j < Math.min(i + 500, nodes.length); j++) {
          const n = nodes[j];
          // A node removed meanwhile (a customer deleted) is left alone.
          if (n.data && grid.getRowNode(n.data.id) === n) n.updateData(withMetrics(n.data, m));
        }
        yield;
      }
      if (card()) setRowsVersion((v) => v + 1);
    }
    // Worker → grid: derived columns of the customers whose metrics changed.
    function onMetrics(e: { customers: string[]; all: boolean }) {
          if (!api) return;
          const m = ctx.derivation.metrics();
          if (e.all) {
            everyMetric.job?.cancel();
            everyMetric.job = rowsStayPut() ? runInSlices(everyMetricInPlace()) : null;
            if (!everyMetric.job) {
              const nodes: IRowNode<GridRow>[] = [];
              api.forEachNode((n: IRowNode<GridRow>) => void nodes.push(n));
              metricsByTransaction(api, nodes);
            }
            return;
          }
          const update: GridRow[] = [];
          for (const id of e.customers) {
            const n = api.getRowNode(id);
            if (n?.data) update.push(withMetrics(n.data, m));
          }
          if (rowsStayPut()) {
            for (const row of update) api.getRowNode(row.id)!.updateData(row);
          } else if (update.length) api.applyTransaction({ update });
          if (card() && e.customers.includes(card()!)) setRowsVersion((v) => v + 1);
    }
    if (isCustomers) {
      cleanups.push(
        ctx.derivation.onChange((e) => {
          if (holding()) held.metrics = true;
          else onMetrics(e);
        }),
      );
    }
    const peersWatch = setInterval(() => drawOutlines(), 500);
    cleanups.push(() => clearInterval(peersWatch));
    host.addEventListener('paste', onPaste);
    cleanups.push(() => host.removeEventListener('paste', onPaste));
    host.addEventListener('copy', onCopy);
    cleanups.push(() => host.removeEventListener('copy', onCopy));
    checkOrphans();
    cleanups.push(() => clearTimeout(orphanTimer));
  });

  onCleanup(() => {
    paged?.dispose();
    searchTexts.dispose();
    for (const c of cleanups) c();
    cancelAnimationFrame(outlineFrame);
    clearTimeout(messageTimer);
    if (shown()) props.presence.setCell(null);
    api?.destroy();
    api = undefined;
  });

  const setQuickFilter = (q: string) => {
    setQuick(q);
    search.words = searchWords(q);
    if (paged) paged.setQuery({ words: search.words });
    else api?.onFilterChanged();
    if (api) savePrefs(localStorage, ctx.workbookId, user, table, { state: prefsOf(api.getState()), quick: q, wrap: wrapText() });
  };
  // Long texts on one line (cut, whole on hover) or wrapped over as many lines as they need.
  const toggleWrap = () => {
    setWrapText(!wrapText());
    if (!api) return;
    api.setGridOption('columnDefs', columns());
    api.resetRowHeights();
    savePrefs(localStorage, ctx.workbookId, user, table, { state: prefsOf(api.getState()), quick: quick(), wrap: wrapText() });
  };
  const cardTitle = (id: string) => {
    const row = wb.get(table, id) as Record<string, unknown> | undefined;
    const cid = isCustomers ? id : row?.customerId;
    const name = typeof cid === 'string' ? customerName(cid) : undefined;
    return isCustomers ? (name ?? id) : `${schema[table].label[ctx.lang()]} — ${name ?? id}`;
  };

  // External id filter follows the props (drill-down from the dashboard).
  const clearFilter = () => {
    idFilter = null;
    refilter();
    props.onClearFilter?.();
  };

  const breakdownLines = () => {
    const b = breakdown();
    if (!b) return null;
    const m = ctx.derivation.metrics().get(b.id);
    if (!m) return null;
    return { m, lines: healthBreakdown(m.indicators, ctx.settings().healthWeights) };
  };

  return (
    <div class="sheet" data-testid={`grid-${table}`}>
      <div class="sheet-toolbar">
        <input
          class="quick-search"
          type="search"
          data-testid="quick-search"
          aria-label={ctx.t('a11y.search')}
          placeholder={ctx.t('grid.search')}
          value={quick()}
          onInput={(e) => setQuickFilter(e.currentTarget.value)}
        />
        <Show when={props.filter}>
          {(f) => (
            <span class="chip" data-testid="filter-chip">
              {ctx.t('grid.filtered', { label: f().label })}
              <button type="button" title={ctx.t('grid.clearFilter')} aria-label={ctx.t('grid.clearFilter')} data-testid="filter-chip-clear" onClick={clearFilter}>
                ×
              </button>
            </span>
          )}
        </Show>
        <Show when={invalidTotal() > 0}>
          <button
            type="button"
            class="invalid-count"
            classList={{ active: invalidOnly() }}
            data-testid="invalid-count"
            aria-pressed={invalidOnly()}
            title={ctx.t('grid.invalidFilter')}
            onClick={() => { setInvalidOnly(!invalidOnly()); refilter(); }}
          >
            {invalidTotal() === 1 ? ctx.t('grid.invalidCell') : ctx.t('grid.invalidCells', { n: ctx.fmt.number(invalidTotal()) })}
          </button>
        </Show>
        <Show when={hasLongText}>
          <button type="button" class="wrap-toggle" data-testid="wrap-toggle" aria-pressed={wrapText()} title={ctx.t('grid.wrapHint')} onClick={toggleWrap}>
            {ctx.t('grid.wrap')}
          </button>
        </Show>
        <span class="row-count" data-testid="row-count">{count() === 1 ? ctx.t('grid.row') : ctx.t('grid.rows', { n: ctx.fmt.number(count()) })}</span>
        <Show when={busy()}>
          <span class="rows-working" role="status" data-testid="rows-working">{ctx.t('grid.working')}</span>
        </Show>
        <span class="spacer" />
        <Show when={orphans()}>
          {(o) => (
            <button type="button" class="warn" data-testid="clean-orphans" data-count={o().count} title={ctx.t('grid.orphansHint', { list: o().text })} disabled={ctx.readOnly} onClick={cleanOrphans}>
              {ctx.t('grid.orphans', { n: ctx.fmt.number(o().count) })}
            </button>
          )}
        </Show>
        <SheetExport ctx={ctx} table={table} api={() => api} rows={paged ? () => paged.rows() : undefined} />
        <Show when={!ctx.readOnly}>
          <button type="button" data-testid="add-row" onClick={addRow}>
            + {ctx.t('grid.addRow')}
          </button>
          <Show when={isCustomers}>
            <button type="button" data-testid="add-formula-column" title={ctx.t('formula.addHint')} onClick={() => setFormulaDialog({ editing: null })}>
              + ƒ {ctx.t('formula.add')}
            </button>
          </Show>
          <button type="button" data-testid="delete-rows" disabled={selected() === 0} onClick={deleteSelected}>
            {ctx.t('grid.deleteRows', { n: selected() })}
          </button>
        </Show>
      </div>
      <div class="grid-wrap" ref={wrap}>
        <div class="grid-host" ref={host} />
        <For each={outlines()}>
          {(o) => (
            <div
              class="presence-outline"
              classList={{ editing: o.editing }}
              data-testid="presence-outline"
              style={{ top: `${o.top}px`, left: `${o.left}px`, width: `${o.width}px`, height: `${o.height}px`, 'border-color': o.color }}
            >
              <span class="presence-name" style={{ background: o.color }}>
                {o.name}
              </span>
            </div>
          )}
        </For>
        <Show when={message()}>
          {(m) => (
            <div class={`cell-message ${m().kind}`} role="alert" data-testid="cell-error" style={{ top: `${m().top}px`, left: `${m().left}px` }} onClick={() => setMessage(null)}>
              {m().text}
            </div>
          )}
        </Show>
        <Show when={breakdownLines()}>
          {(b) => (
            <div class="health-popover" data-testid="health-breakdown" style={{ top: `${breakdown()!.top}px`, left: `${breakdown()!.left}px` }}>
              <div class="popover-head">
                <strong>{ctx.t('health.breakdown')}</strong>
                <button type="button" onClick={() => setBreakdown(null)} aria-label={ctx.t('app.close')}>
                  ×
                </button>
              </div>
              <Show when={b().m.healthScore !== null} fallback={<p>{ctx.t('health.none')}</p>}>
                <table>
                  <thead>
                    <tr>
                      <th>{ctx.t('health.indicator')}</th>
                      <th>{ctx.t('health.value')}</th>
                      <th>{ctx.t('health.weight')}</th>
                      <th>{ctx.t('health.contribution')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={b().lines}>
                      {(l) => (
                        <tr classList={{ skipped: l.value === null || l.weight <= 0 }}>
                          <td>{ctx.t(`ind.${l.indicator}`)}</td>
                          <td>{l.value === null ? ctx.t('health.skipped') : ctx.fmt.number(l.value, 1)}</td>
                          <td>{ctx.fmt.number(l.weight)}</td>
                          <td>{ctx.fmt.number(l.contribution, 1)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                  <tfoot>
                    <tr>
                      <td colSpan={3}>{ctx.t('m.healthScore')}</td>
                      <td>{ctx.fmt.number(b().m.healthScore, 1)}</td>
                    </tr>
                  </tfoot>
                </table>
              </Show>
            </div>
          )}
        </Show>
      </div>
      <ConflictNotices ctx={ctx} presence={props.presence} env={env} />
      <Show when={card() && api ? card() : null} keyed>
        {(id) => (
          <RowCard
            ctx={ctx}
            table={table}
            rowId={id}
            api={api!}
            env={env}
            notation={notation}
            version={rowsVersion}
            title={cardTitle(id)}
            commit={(rowId, field, input) => {
              const problem = commit(rowId, field, input);
              if (!problem) clearMessageAt(rowId, field);
              return problem;
            }}
            onClose={() => setCard(null)}
          />
        )}
      </Show>
      <Show when={formulaDialog()}>
        {(d) => <FormulaColumnDialog ctx={ctx} env={env} editing={d().editing} onClose={() => setFormulaDialog(null)} />}
      </Show>
      <Show when={pasteReport()}>
        {(r) => (
          <div class="paste-report" data-testid="paste-report" role="status">
            <span>{ctx.t('grid.pasted', { n: r().ok })}</span>
            <Show when={r().errors.length > 0}>
              <span>{ctx.t('grid.pasteRejected', { n: r().errors.length })}</span>
              <ul>
                <For each={r().errors.slice(0, 20)}>{(e) => <li>{ctx.t('grid.pasteRow', { row: e.line, message: e.message })}</li>}</For>
              </ul>
            </Show>
            <button type="button" onClick={() => setPasteReport(null)} aria-label={ctx.t('app.close')}>
              ×
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}
