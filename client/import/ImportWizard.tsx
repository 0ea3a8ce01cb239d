// The import wizard: file → detection → table and column mapping → upsert preview →
// confirm (one undoable transaction) → done. Reading, planning and writing run in the
// import worker; this component only shows its answers and sends the person's choices.
import * as Y from 'yjs';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { fieldsOf, schema, tableNames, type FieldDef, type Msg, type SheetChoice, type TableName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { download, CSV_TYPE } from '../export/download.js';
import { loadMapping, rememberMapping } from './memory.js';
import { Dialog } from '../ui/Dialog.js';
import type { FromImportWorker, ImportPiece, PlanPreview, SheetPreview, ToImportWorker } from './protocol.js';
import type { UndoGroup } from '../undo.js';
import { runInSlices } from './slices.js';
import { untilSteady } from './steady.js';
import { translate } from '../i18n/catalog.js';

/** Main-thread time per slice of the apply: well under the 100 ms long-task line, with room for a piece that costs more than predicted. */
const SLICE_MS = 20;
const EMPTY = new Uint8Array(0);
/** Between ending the import worker and the first slice, while the browser frees the worker's heap: a second of timers on time, 1.5 to 10 s. */
const WORKER_TEARDOWN = { intervalMs: 50, ticks: 20, slackMs: 15, minMs: 1500, maxMs: 10_000 };

export interface ImportWizardProps {
  ctx: AppContext;
  /** Groups the pieces of the import into one undo step. */
  undo?: { group(): UndoGroup };
  file?: File | null;
  onClose: () => void;
}

type Phase =
  | { kind: 'pick' }
  | { kind: 'busy'; label: 'import.reading' | 'import.planning' | 'import.applying' | 'import.writing'; done: number; total: number }
  | { kind: 'preview' }
  | { kind: 'done'; inserted: number; updated: number }
  | { kind: 'error'; message: Msg };

/** The person closed the wizard in the middle of the apply: what was applied is taken back. */
class ImportCancelled extends Error {}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

export function ImportWizard(props: ImportWizardProps) {
  const { ctx } = props;
  const t = ctx.t;
  const m = (x: Msg) => x[ctx.lang()];
  const [phase, setPhase] = createSignal<Phase>({ kind: 'pick' });
  const [preview, setPreview] = createSignal<PlanPreview | null>(null);
  const [info, setInfo] = createSignal<{ format: string; encoding?: string; delimiter?: string } | null>(null);
  const [fileName, setFileName] = createSignal('');
  let choices: SheetChoice[] = [];
  /** The import's pieces received so far (the worker sends them in several messages). */
  let received: ImportPiece[] = [];
  // The import worker, started for a file and ended once it has handed over an import's
  // pieces: its heap (over a gigabyte for a 10,000-customer workbook) then goes away before
  // the apply instead of being collected in the middle of it, where freeing that much memory
  // in the page's process stalls the page's own thread for 100–300 ms at a time.
  const importWorker = { current: null as Worker | null };
  const send = (msg: ToImportWorker, transfer: Transferable[] = []) => (importWorker.current ??= startWorker()).postMessage(msg, transfer);
  const stopWorker = () => {
    importWorker.current?.terminate();
    importWorker.current = null;
  };
  // From confirm until this dialog closes the views behind it hold their repaints (client/bulk.ts).
  let endBulk: (() => void) | undefined;
  /** Closed while the pieces were being applied: the next slice stops and the group is taken back. */
  const closed = { now: false };
  onCleanup(() => {
    closed.now = true;
    stopWorker();
    endBulk?.();
  });

  const remembered = () => loadMapping(localStorage, ctx.workbookId);

  const onMessage = (ev: MessageEvent<FromImportWorker>) => {
    const r = ev.data;
    switch (r.type) {
      case 'read':
        if (!r.ok) return setPhase({ kind: 'error', message: r.problem });
        setInfo({ format: r.format, encoding: r.encoding, delimiter: r.delimiter });
        return;
      case 'progress':
        setPhase({ kind: 'busy', label: r.phase === 'write' ? 'import.writing' : r.phase === 'plan' ? 'import.planning' : 'import.reading', done: r.done, total: r.total });
        return;
      case 'plan': {
        const p = r.preview;
        // First plan: apply the remembered mapping of each guessed table, then re-plan once.
        if (choices.length === 0) {
          const mem = remembered();
          // A sheet none of whose columns names a field (notes, a pivot) is left out when others are not.
          const skip = (s: SheetPreview) => p.sheets.length > 1 && s.mapping.every((c) => !c.field);
          choices = p.sheets.map((s) => (skip(s) ? { table: null } : { table: s.table, remembered: s.table ? mem[s.table] : undefined }));
          if (p.sheets.some((s) => skip(s) || (s.table && mem[s.table]))) return send({ type: 'plan', choices });
        }
        setPreview(p);
        setPhase({ kind: 'preview' });
        return;
      }
      case 'pieces':
        received.push(...r.pieces);
        return;
      case 'applied': {
        const all = received.concat(r.pieces);
        received = [];
        stopWorker();
        setPhase({ kind: 'busy', label: 'import.applying', done: 0, total: all.length });
        void untilSteady(WORKER_TEARDOWN).then(() => closed.now || void applyPieces(all, r.inserted, r.updated));
        return;
      }
      case 'failed':
        setPhase({ kind: 'error', message: r.message });
        return;
      case 'invalid-csv':
        download(`${fileName().replace(/\.[^.]*$/, '')}-${ctx.lang() === 'pt-BR' ? 'linhas-invalidas' : 'invalid-rows'}.csv`, r.text, CSV_TYPE);
        return;
    }
  };
  // The worker's pieces (accepted, every one, by its replica before any is sent) applied
  // with the workbook's own origin in slices of at most SLICE_MS (client/import/slices.ts),
  // all inside one undo group: one Ctrl+Z for its author takes the whole import back, no
  // task nears the 100 ms long-task line, and the sync provider sends the server the
  // import piece by piece. Applying a piece cannot be refused: it is a Yjs update built on a
  // state this document already contains (it only grows), so it integrates whatever else
  // arrived meanwhile. Should anything still throw (a bug in a listener), the group is
  // discarded — the pieces already applied are undone — and the wizard says nothing was
  // imported.
  const applyPieces = async (pieces: ImportPiece[], inserted: number, updated: number) => {
    const group = props.undo?.group();
    endBulk ??= ctx.bulk?.begin();
    const doc = ctx.workbook.doc;
    try {
      performance.mark('import:apply-start');
      const report = await runInSlices(
        pieces.map((p) => ({ kind: p.table, rows: p.rows, piece: p })),
        (s) => {
          if (closed.now) throw new ImportCancelled();
          const t0 = performance.now();
          Y.applyUpdate(doc, s.piece.update, ctx.workbook.origin);
          // Named in the performance timeline, so the benchmark can say what a slow slice held.
          if (performance.now() - t0 > 50) performance.measure('import:slow-piece', { start: t0, detail: { table: s.kind, rows: s.rows, bytes: s.piece.update.byteLength } });
          s.piece.update = EMPTY; // the page need not keep 60 MB of applied updates
        },
        { budgetMs: SLICE_MS, onSlice: (done, total) => setPhase({ kind: 'busy', label: 'import.applying', done, total }) },
      );
      performance.measure('import:apply', { start: 'import:apply-start', detail: report });
      group?.end();
    } catch (e) {
      group?.discard();
      if (e instanceof ImportCancelled) return;
      const message = e instanceof Error ? e.message : String(e);
      setPhase({ kind: 'error', message: { en: translate('en', 'import.stoppedApplying', { message }), 'pt-BR': translate('pt-BR', 'import.stoppedApplying', { message }) } });
      return;
    }
    for (const s of preview()?.sheets ?? []) {
      if (!s.table) continue;
      const map: Record<string, string | null> = {};
      for (const c of s.mapping) if (c.header) map[fold(c.header)] = c.field;
      rememberMapping(localStorage, ctx.workbookId, s.table, map);
    }
    setPhase({ kind: 'done', inserted, updated });
  };
  function startWorker(): Worker {
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = onMessage;
    w.onerror = (e) => setPhase({ kind: 'error', message: { en: `The import stopped: ${e.message}`, 'pt-BR': `A importação parou: ${e.message}` } });
    return w;
  }

  const readFile = async (file: File) => {
    setFileName(file.name);
    choices = [];
    setPreview(null);
    setPhase({ kind: 'busy', label: 'import.reading', done: 0, total: 0 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const state = Y.encodeStateAsUpdate(ctx.workbook.doc);
    const locale = ctx.settings().locale;
    send({ type: 'read', bytes, fileName: file.name, state, lang: locale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en' }, [bytes.buffer, state.buffer]);
  };
  if (props.file) void readFile(props.file);

  const replan = (i: number, choice: SheetChoice) => {
    choices = choices.map((c, j) => (j === i ? choice : c));
    send({ type: 'plan', choices });
  };
  const setTable = (i: number, table: TableName | null) => replan(i, { table, remembered: table ? remembered()[table] : undefined });
  const setField = (i: number, s: SheetPreview, column: number, field: string | null) =>
    replan(i, { table: s.table, fields: s.mapping.map((c) => (c.column === column ? field : c.field)) });

  const total = () => preview()?.counts ?? { new: 0, changed: 0, unchanged: 0, invalid: 0 };
  const writable = () => total().new + total().changed;
  const blocked = () => (preview()?.sheets ?? []).some((s) => s.table && s.problem);

  const fieldLabel = (table: TableName, f: string) => (f === 'id' ? t('import.idField') : ((fieldsOf(table) as Record<string, FieldDef>)[f]?.label[ctx.lang()] ?? f));
  const show = (v: unknown) => (v === undefined || v === null || v === '' ? '∅' : typeof v === 'boolean' ? t(v ? 'grid.yes' : 'grid.no') : String(v));

  return (
    <Dialog
      title={t('import.title')}
      testId="import-wizard"
      class="dialog-wide import-wizard"
      closeLabel={t('import.close')}
      closeIcon
      closeTestId="import-cancel"
      closeOnBackdrop={false}
      onClose={props.onClose}
      footer={
        <>
          <Show when={phase().kind === 'preview' && preview()}>
            <span
              class="import-summary"
              data-testid="import-summary"
              data-new={total().new}
              data-changed={total().changed}
              data-unchanged={total().unchanged}
              data-invalid={total().invalid}
            >
              {t('import.summary', {
                new: ctx.fmt.number(total().new),
                changed: ctx.fmt.number(total().changed),
                unchanged: ctx.fmt.number(total().unchanged),
                invalid: ctx.fmt.number(total().invalid),
              })}
            </span>
            <span class="spacer" />
            <Show when={total().invalid > 0}>
              <button type="button" data-testid="import-invalid-download" onClick={() => send({ type: 'invalid-csv', lang: ctx.lang() })}>
                {t('import.downloadInvalid')}
              </button>
            </Show>
            <Show when={writable() === 0 && !blocked()}>
              <span class="muted">{t('import.nothing')}</span>
            </Show>
            <button
              type="button"
              class="primary"
              data-testid="import-confirm"
              disabled={writable() === 0 || blocked() || ctx.readOnly}
              onClick={() => {
                endBulk ??= ctx.bulk?.begin();
                send({ type: 'apply', validOnly: total().invalid > 0 });
              }}
            >
              {total().invalid > 0 ? t('import.confirmValid', { n: ctx.fmt.number(writable()) }) : t('import.confirmAll', { n: ctx.fmt.number(writable()) })}
            </button>
          </Show>
          <button type="button" onClick={props.onClose}>
            {phase().kind === 'done' ? t('import.close') : t('import.cancel')}
          </button>
        </>
      }
    >
      <div class="import-pick">
        <p>{t('import.pick')}</p>
        {/* The browser's own file button speaks the browser's language: ours speaks the app's. */}
        <label class="file-pick">
          <span class="file-pick-button">{t('import.chooseFile')}</span>
          <span class="file-pick-name">{fileName() || t('import.noFile')}</span>
          <input
            type="file"
            data-testid="import-file"
            aria-label={t('import.title')}
            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void readFile(f);
            }}
          />
        </label>
        <Show when={info()}>
          {(i) => (
            <span class="import-info" data-testid="import-info">
              {fileName()} · {t('import.file', { format: i().format.toUpperCase() })}
              {i().encoding ? ` · ${t('import.encoding', { encoding: i().encoding!, delimiter: i().delimiter === '\t' ? 'TAB' : i().delimiter! })}` : ''}
            </span>
          )}
        </Show>
      </div>
      <Show when={phase().kind === 'busy' ? (phase() as Extract<Phase, { kind: 'busy' }>) : null}>
        {(b) => (
          <div class="import-progress" data-testid="import-progress" data-phase={b().label}>
            <Show when={b().total > 0} fallback={<progress />}>
              <progress max={b().total} value={Math.min(b().done, b().total)} />
            </Show>
            <span>{t(b().label, { done: ctx.fmt.number(b().done), total: ctx.fmt.number(b().total) })}</span>
          </div>
        )}
      </Show>
      <Show when={phase().kind === 'error' ? (phase() as Extract<Phase, { kind: 'error' }>) : null}>
        {(e) => (
          <p class="error" role="alert" data-testid="import-error">
            {m(e().message)}
          </p>
        )}
      </Show>
      <Show when={phase().kind === 'done' ? (phase() as Extract<Phase, { kind: 'done' }>) : null}>
        {(d) => (
          <div class="import-done" data-testid="import-done" data-new={d().inserted} data-changed={d().updated}>
            <p>{t('import.done', { new: ctx.fmt.number(d().inserted), changed: ctx.fmt.number(d().updated) })}</p>
            <button type="button" class="primary" onClick={props.onClose}>
              {t('import.close')}
            </button>
          </div>
        )}
      </Show>
      <Show when={phase().kind === 'preview' && preview()}>
        {(p) => (
          <div class="import-preview">
            <For each={p().sheets}>
              {(s, i) => (
                <section class="import-sheet" data-testid="import-sheet" data-sheet={s.sheet}>
                  <h3>
                    {t('import.sheet', { name: s.sheet, n: ctx.fmt.number(s.rows) })}
                    <label>
                      {t('import.table')}{' '}
                      <select data-testid="import-table" data-sheet={s.sheet} value={s.table ?? ''} onChange={(e) => setTable(i(), (e.currentTarget.value || null) as TableName | null)}>
                        <option value="">{t('import.skipSheet')}</option>
                        <For each={tableNames}>{(tn) => <option value={tn}>{schema[tn].label[ctx.lang()]}</option>}</For>
                      </select>
                    </label>
                  </h3>
                  <Show when={s.problem}>
                    {(pr) => (
                      <p class="error" data-testid="import-sheet-problem">
                        {m(pr())}
                      </p>
                    )}
                  </Show>
                  <Show when={s.table}>
                    {(table) => (
                      <>
                        <table class="import-mapping" data-testid="import-mapping">
                          <thead>
                            <tr>
                              <th>{t('import.column')}</th>
                              <th>{t('import.field')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            <For each={s.mapping}>
                              {(c) => (
                                <tr classList={{ unmapped: c.field === null }}>
                                  <td>{c.header || `#${c.column + 1}`}</td>
                                  <td>
                                    <select data-testid={`import-map-${c.column}`} aria-label={`${t('import.field')}: ${c.header || `#${c.column + 1}`}`} value={c.field ?? ''} onChange={(e) => setField(i(), s, c.column, e.currentTarget.value || null)}>
                                      <option value="">{t('import.ignore')}</option>
                                      <option value="id">{t('import.idField')}</option>
                                      <For each={Object.keys(schema[table()].fields)}>{(f) => <option value={f}>{fieldLabel(table(), f)}</option>}</For>
                                    </select>
                                  </td>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                        <Show when={s.unmapped.length > 0}>
                          <p class="muted" data-testid="import-unmapped">{t('import.unmapped', { list: s.unmapped.join(', ') })}</p>
                        </Show>
                        <Show when={s.changed.length > 0}>
                          <h4>{t('import.changed')} ({ctx.fmt.number(s.counts.changed)})</h4>
                          <ul class="import-list" data-testid="import-changed">
                            <For each={s.changed.slice(0, 50)}>
                              {(c) => (
                                <li>
                                  {t('import.line', { n: c.line })}:{' '}
                                  <For each={c.diffs}>
                                    {(d) => (
                                      <span class="diff">
                                        {fieldLabel(table(), d.field)}: <del>{show(d.old)}</del> → <ins>{show(d.new)}</ins>{' '}
                                      </span>
                                    )}
                                  </For>
                                </li>
                              )}
                            </For>
                          </ul>
                        </Show>
                        <Show when={s.newRows.length > 0}>
                          <h4>{t('import.new')} ({ctx.fmt.number(s.counts.new)})</h4>
                          <ul class="import-list" data-testid="import-new">
                            <For each={s.newRows.slice(0, 10)}>
                              {(r) => (
                                <li>
                                  {t('import.line', { n: r.line })}:{' '}
                                  {Object.entries(r.row).filter(([k]) => k !== 'id').slice(0, 5).map(([k, v]) => `${fieldLabel(table(), k)}: ${show(v)}`).join(' · ')}
                                </li>
                              )}
                            </For>
                            <Show when={s.counts.new > 10}>
                              <li class="muted">{t('import.more', { n: ctx.fmt.number(s.counts.new - 10) })}</li>
                            </Show>
                          </ul>
                        </Show>
                        <Show when={s.invalid.length > 0}>
                          <h4 class="error">{t('import.invalid')} ({ctx.fmt.number(s.counts.invalid)})</h4>
                          <ul class="import-list invalid" data-testid="import-invalid">
                            <For each={s.invalid}>
                              {(r) => (
                                <li data-line={r.line}>
                                  {t('import.line', { n: r.line })}: {r.problems.map((x) => m(x.message)).join('; ')}
                                </li>
                              )}
                            </For>
                            <Show when={s.counts.invalid > s.invalid.length}>
                              <li class="muted">{t('import.more', { n: ctx.fmt.number(s.counts.invalid - s.invalid.length) })}</li>
                            </Show>
                          </ul>
                        </Show>
                      </>
                    )}
                  </Show>
                </section>
              )}
            </For>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
