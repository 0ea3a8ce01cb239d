// The import off the main thread: reading the file (CSV/XLSX), planning the upsert against
// a replica of the workbook, and writing the plan into that replica. The main thread gets
// back one Yjs update and applies it with the workbook's own origin, so the whole import
// is one transaction that Ctrl+Z undoes, and an import that fails midway sends nothing.
import * as Y from 'yjs';
import {
  applyPlan, CHUNK_SIZE, chunkedTables, guessTable, invalidRowsCsv, msg, needsXlsxReader, openWorkbook, planImport, readSpreadsheet,
  type ImportPlan, type Lang, type RawSheet, type SheetChoice, type TableName, type Workbook,
} from '../../core/index.js';
import type { FromImportWorker, ImportPiece, PlanPreview, ToImportWorker } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

interface State { base: Uint8Array; replica: Workbook; sheets: RawSheet[]; lang: Lang; plan: ImportPlan | null; choices: SheetChoice[] }
let state: State | null = null;
const post = (m: FromImportWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);
const PREVIEW_ROWS = 200;
/**
 * Rows per piece written (one Yjs transaction each; the main thread applies several per
 * task within its time budget but cannot cut one). A row of customers, contracts or
 * contacts is its own Yjs item, and with the page's update listeners (encoding, server,
 * IndexedDB, derivation worker) costs ~20–50 µs of CPU to apply in Chromium, and a piece
 * now and then takes 3–10× that (a major GC inside it, the thread waiting on the browser):
 * 50 rows stay near 3 ms, so even such a piece ends far below the 100 ms long-task line.
 * The log tables store 1,000 rows as one chunk item (layout.ts): a piece of one chunk is
 * cheap and never leaves half-filled chunks.
 */
const pieceRows = (table: TableName) => (chunkedTables.has(table) ? CHUNK_SIZE : 50);

const PIECES_PER_MESSAGE = 100;

function openReplica(base: Uint8Array): Workbook {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  return openWorkbook(doc);
}

function preview(plan: ImportPlan, sheets: RawSheet[]): PlanPreview {
  return {
    counts: plan.counts,
    sheets: plan.sheets.map((s, i) => ({
      sheet: s.sheet,
      table: s.table,
      guessedTable: guessTable(sheets[i].name, s.headers),
      headers: s.headers,
      mapping: s.mapping,
      unmapped: s.unmapped,
      numberLocale: s.numberLocale,
      dateOrder: s.dateOrder,
      problem: s.problem,
      rows: Math.max(0, sheets[i].rows.length - 1),
      counts: { new: s.inserts.length, changed: s.updates.length, unchanged: s.unchanged, invalid: s.invalid.length },
      newRows: s.inserts.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, row: r.row })),
      changed: s.updates.slice(0, PREVIEW_ROWS).map((u) => ({ line: u.line, id: u.id, diffs: u.diffs })),
      invalid: s.invalid.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, problems: r.problems })),
    })),
  };
}

function plan(choices: SheetChoice[]): void {
  if (!state) return;
  state.choices = choices;
  state.plan = planImport(state.sheets, state.replica, {
    lang: state.lang,
    choices,
    progress: (done, total) => post({ type: 'progress', phase: 'plan', done, total }),
  });
  post({ type: 'plan', preview: preview(state.plan, state.sheets) });
}

// SheetJS is its own chunk, fetched the first time a file is an XLSX (not for CSV files,
// and never with the app's main bundle).
const loadXlsx = () => import('@e965/xlsx');

// One message at a time, in order, even while one awaits the XLSX reader.
let queue = Promise.resolve();
self.onmessage = (ev: MessageEvent<ToImportWorker>) => {
  queue = queue.then(() => handle(ev.data));
};

async function handle(m: ToImportWorker): Promise<void> {
  try {
    if (m.type === 'read') {
      const r = readSpreadsheet(m.bytes, m.fileName, needsXlsxReader(m.bytes) ? await loadXlsx() : undefined);
      if (r.problem) {
        state = null;
        post({ type: 'read', ok: false, problem: r.problem });
        return;
      }
      state = { base: m.state, replica: openReplica(m.state), sheets: r.sheets, lang: m.lang, plan: null, choices: [] };
      post({ type: 'read', ok: true, format: r.format ?? '', encoding: r.encoding, delimiter: r.delimiter, sheets: r.sheets.map((s) => ({ name: s.name, rows: Math.max(0, s.rows.length - 1) })) });
      // First plan: every sheet's guessed table (a workbook export's extra sheets included).
      plan(r.sheets.map(() => ({})));
    } else if (m.type === 'plan') {
      plan(m.choices);
    } else if (m.type === 'apply') {
      if (!state?.plan) return;
      const p = state.plan;
      if (!m.validOnly && p.counts.invalid > 0) {
        post({ type: 'failed', message: msg('Some rows are invalid: import the valid rows only, or fix the file.', 'Há linhas inválidas: importe só as válidas ou corrija o arquivo.') });
        return;
      }
      const doc = state.replica.doc;
      // One update per piece of rows: the main thread applies them in short tasks (one undo
      // step there) and the sync provider sends them to the server one by one.
      const pieces: ImportPiece[] = [];
      let pending: Uint8Array[] = [];
      const collect = (u: Uint8Array) => pending.push(u);
      doc.on('update', collect);
      const res = applyPlan(state.replica, p, {
        rowsPerTransaction: pieceRows,
        onPiece: (table, rows) => {
          pending.forEach((update, i) => pieces.push({ update, table, rows: i === 0 ? rows : 0 }));
          pending = [];
        },
        progress: (done, total) => post({ type: 'progress', phase: 'write', done, total }),
      });
      doc.off('update', collect);
      if (!res.ok) {
        // The replica holds half an import: start the next attempt from the untouched state.
        state.replica = openReplica(state.base);
        const first = res.errors[0];
        post({ type: 'failed', message: msg(`Nothing was imported: ${first?.text.en ?? 'the workbook refused a row'}.`, `Nada foi importado: ${first?.text['pt-BR'] ?? 'a planilha recusou uma linha'}.`) });
        return;
      }
      // The replica now includes the import; a later import starts from it.
      state.base = Y.encodeStateAsUpdate(doc);
      state.plan = null;
      // In messages of PIECES_PER_MESSAGE: the main thread reads each in its own task.
      const transfer = (ps: ImportPiece[]) => ps.map((x) => x.update.buffer as ArrayBuffer);
      let i = 0;
      for (; i + PIECES_PER_MESSAGE < pieces.length; i += PIECES_PER_MESSAGE) {
        const part = pieces.slice(i, i + PIECES_PER_MESSAGE);
        post({ type: 'pieces', pieces: part }, transfer(part));
      }
      const last = pieces.slice(i);
      post({ type: 'applied', pieces: last, inserted: res.inserted, updated: res.updated }, transfer(last));
    } else if (m.type === 'invalid-csv') {
      if (!state?.plan) return;
      post({ type: 'invalid-csv', text: invalidRowsCsv(state.plan, m.lang) });
    }
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    post({ type: 'failed', message: msg(`The import stopped: ${text}. Nothing was written.`, `A importação parou: ${text}. Nada foi gravado.`) });
  }
}
