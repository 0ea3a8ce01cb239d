// One cold measurement in a fresh process (`node --import tsx bench/probe.ts TASK FILE SEED`),
// or the building of a fixture in a process with a heap large enough for it,
// as a person's worker meets it: nothing compiled or optimised yet. Prints one JSON line.
//   derive: the floors (scan of every field, JSON.parse of the same rows) then the first full
//           computeCustomerMetrics, all cold, on the rows of the fixture.
//   load:   apply the update + openWorkbook (chunked tables rowless) + createDerivation, then heap, then random edits
//           and dashboards after an edit through the engine. A 6th argument `formulas`
//           first stores the bench's five formula columns (bench/formula-columns.ts).
//   derive-formulas MODE: the first full computeCustomerMetrics, cold, with the five
//           formula columns (MODE `with`) or none (`without`).
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import { chunkedTables, computeCustomerMetrics, createDerivation, openWorkbook, tableNames } from '../core/index.js';
import type { TableName, WorkbookData } from '../core/index.js';
import { createRng } from '../core/demo/index.js';
import { fixtureFile, fixturePartsFile, readFixture, TODAY } from './fixture.js';
import { randomEdit, type RowIds } from './edits.js';
import { BENCH_FORMULAS } from './formula-columns.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1048576; };
const time = <T>(fn: () => T): [T, number] => { const t = performance.now(); const r = fn(); return [r, performance.now() - t]; };

/** One pass over every field of every row: the floor any derivation has to pay. */
export function scan(data: WorkbookData): number {
  let n = 0;
  for (const t of tableNames) for (const row of data[t] as unknown as Record<string, unknown>[]) for (const k in row) if (row[k] !== undefined) n++;
  return n;
}

function derive(update: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const data = openWorkbook(doc).snapshot();
  // In slices: 10M usage rows as one string exceed V8's maximum string length.
  const text = tableNames.flatMap((t) => {
    const rows = data[t] as unknown[];
    const out: string[] = [];
    for (let i = 0; i < rows.length; i += 100_000) out.push(JSON.stringify(rows.slice(i, i + 100_000)));
    return out;
  });
  doc.destroy();
  const [, scanMs] = time(() => scan(data));
  // The derivation before the JSON.parse floor: that floor leaves its parsed rows (1.5M
  // objects at 10k) as garbage, and whether the full collection they call for landed inside
  // the derivation's window decided its figure (0.8 or 1.3 s for the same code at 10k).
  const [, deriveMs] = time(() => computeCustomerMetrics(data, TODAY));
  const [, parseMs] = time(() => text.map((s) => JSON.parse(s) as unknown));
  const rows = tableNames.reduce((s, t) => s + data[t].length, 0);
  return { scanMs, parseMs, deriveMs, rows };
}

function deriveFormulas(update: Uint8Array, mode: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const data = openWorkbook(doc).snapshot();
  doc.destroy();
  if (mode === 'with') data.settings = { ...data.settings!, customColumns: BENCH_FORMULAS };
  const [, deriveMs] = time(() => computeCustomerMetrics(data, TODAY));
  return { deriveMs };
}

function load(update: Uint8Array, seed: number, edits: number, dashboards: number, formulas = false) {
  const base = heapMB();
  const doc = new Y.Doc();
  const [, applyMs] = time(() => Y.applyUpdate(doc, update));
  // The chunked tables rowless, as the engine's hosts open them (the browser's worker, the server's derived worker).
  const [wb, openMs] = time(() => openWorkbook(doc, { rowless: [...chunkedTables] }));
  if (formulas) {
    const r = wb.updateSettings({ customColumns: BENCH_FORMULAS });
    if (!r.ok) throw new Error(`probe: formula columns refused: ${r.errors[0]?.message}`);
  }
  // As the browser's worker runs it: a ripple through everyone's percentiles settles in the
  // next task, timed here on its own.
  const waiting: (() => void)[] = [];
  const [derivation, deriveMs] = time(() => createDerivation(wb, { asOf: TODAY, later: (settle) => waiting.push(settle) }));
  const heap = heapMB() - base;
  // Outside the V8 heap: the document's binary chunks (views into the update it was built
  // from, which it keeps) and the engine's typed arrays. Counted whole, the update included.
  const buffers = process.memoryUsage().arrayBuffers / 1048576;
  const rss = process.memoryUsage().rss / 1048576;
  const ids = Object.fromEntries(tableNames.map((t) => [t, wb.list(t).map((r) => ({ id: r.id }))])) as unknown as RowIds;
  const rng = createRng(seed);
  const editMs: number[] = [];
  const settledMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const table: TableName = tableNames[i % tableNames.length];
    const { id, patch } = randomEdit(rng, wb, ids, table);
    const [r, ms] = time(() => wb.update(table, id, patch));
    if (!r.ok) throw new Error(`probe: edit refused: ${r.errors[0]?.message}`);
    editMs.push(ms);
    const [, rippleMs] = time(() => { while (waiting.length) waiting.shift()!(); });
    settledMs.push(ms + rippleMs);
  }
  // The dashboard as the worker answers the view: figures and lists. The first answer
  // computes every customer's contribution (the app does it as it opens); then one answer
  // after each edit, the tables in turn.
  const answer = () => {
    derivation.dashboard();
    derivation.detail();
  };
  const [, openDashMs] = time(answer);
  const dashMs: number[] = [];
  for (let i = 0; i < dashboards; i++) {
    const table: TableName = tableNames[i % tableNames.length];
    const { id, patch } = randomEdit(rng, wb, ids, table);
    wb.update(table, id, patch);
    while (waiting.length) waiting.shift()!();
    dashMs.push(time(answer)[1]);
  }
  return { applyMs, openMs, deriveMs, loadMs: applyMs + openMs + deriveMs, heapMB: heap, buffersMB: buffers, rssMB: rss, editMs, settledMs, openDashMs, dashMs };
}

const [task, arg, seedArg, editsArg, dashArg, extra] = process.argv.slice(2);
// fixture: builds the demo doc of `arg` customers in this (large-heap) process.
const out = task === 'fixture' ? { file: fixtureFile(Number(arg)) }
  : task === 'fixture-parts' ? { file: fixturePartsFile(Number(arg)) }
  : task === 'derive' ? derive(readFixture(arg))
  : task === 'derive-formulas' ? deriveFormulas(readFixture(arg), seedArg)
  : load(readFixture(arg), Number(seedArg ?? 1), Number(editsArg ?? 300), Number(dashArg ?? 10), extra === 'formulas');
process.stdout.write(JSON.stringify(out) + '\n');
