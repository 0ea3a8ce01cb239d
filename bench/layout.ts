// Measures candidate Yjs storage layouts for the workbook (not a bench section):
//   npx tsx bench/layout.ts [rows=250000] [usageRows=1000000] [layout ...]
// (workbook-demo: the 10k-customer demo portfolio, 1.53M rows, through openWorkbook)
// Each layout is built and encoded in one child process, then loaded in a fresh one
// (node --expose-gc) so heaps don't mix: it times Y.applyUpdate into a fresh doc
// (what a client does on cold load) and reports the heap that doc holds. The chosen
// layout is also measured through openWorkbook (apply + building the merged row cache).
// Results feed docs/data-layout.md and the comment at the top of core/doc/layout.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { openWorkbook } from '../core/doc/index.js';
import { generateWorkbook } from '../core/demo/index.js';
import { tableLoadOrder, tableNames, type TableName } from '../core/schema.js';

const here = fileURLToPath(import.meta.url);

type Layout = 'nested-ymap' | 'json-row' | 'json-row+edits' | 'workbook-activities' | 'usage-json-row' | 'usage-chunks' | 'workbook-usage' | 'workbook-demo';

function activity(i: number) {
  return { customerId: `c${i % 10000}`, title: `Follow-up call ${i}`, type: 'call', owner: `owner${i % 12}`, dueDate: `2024-0${(i % 9) + 1}-1${i % 10}`, doneAt: i % 3 ? `2024-0${(i % 9) + 1}-2${i % 10}` : '' };
}
function usage(i: number) {
  return { customerId: `c${i % 10000}`, date: `2024-0${(i % 9) + 1}-1${i % 10}`, userId: `user${i % 50}`, actions: i % 40 };
}

function build(layout: Layout, n: number): Y.Doc {
  const doc = new Y.Doc();
  if (layout === 'workbook-demo') {
    // The whole demo portfolio (n customers, METRICS.md proportions), loaded as an import does.
    const data = generateWorkbook({ seed: 1, customers: n, today: '2025-06-15' });
    const wb = openWorkbook(doc);
    for (const t of tableLoadOrder) {
      const rows = data[t] as never[];
      for (let i = 0; i < rows.length; i += 100000) {
        const r = wb.insertMany(t, rows.slice(i, i + 100000));
        if (!r.ok) throw new Error(r.errors[0].message);
      }
    }
    return doc;
  }
  if (layout === 'workbook-activities' || layout === 'workbook-usage') {
    const wb = openWorkbook(doc);
    wb.insertMany('customers', Array.from({ length: 10000 }, (_, i) => ({ id: `c${i}`, name: `Customer ${i}` })));
    if (layout === 'workbook-usage') {
      for (let s = 0; s < n; s += 100000) wb.insertMany('usage', Array.from({ length: Math.min(100000, n - s) }, (_, j) => ({ id: `u${s + j}`, ...usage(s + j) })));
    } else {
      wb.insertMany('activities', Array.from({ length: n }, (_, i) => {
        const { doneAt, ...a } = activity(i);
        return doneAt ? { id: `a${i}`, ...a, doneAt } : { id: `a${i}`, ...a };
      }));
      // 5% of rows later edited in one cell (the realistic steady state).
      wb.transact(() => { for (let i = 0; i < n; i += 20) wb.update('activities', `a${i}`, { owner: 'someone else' }); });
    }
    return doc;
  }
  doc.transact(() => {
    if (layout === 'nested-ymap') {
      const m = doc.getMap('activities');
      for (let i = 0; i < n; i++) {
        const row = new Y.Map();
        m.set(`a${i}`, row);
        for (const [k, v] of Object.entries(activity(i))) row.set(k, v);
      }
    } else if (layout === 'json-row' || layout === 'json-row+edits') {
      const m = doc.getMap('activities');
      for (let i = 0; i < n; i++) m.set(`a${i}`, activity(i));
      if (layout === 'json-row+edits') {
        const e = doc.getMap('edits');
        for (let i = 0; i < n; i += 20) e.set(`a${i}\x1fowner`, 'someone else');
      }
    } else if (layout === 'usage-json-row') {
      const m = doc.getMap('usage');
      for (let i = 0; i < n; i++) m.set(`u${i}`, usage(i));
    } else if (layout === 'usage-chunks') {
      const m = doc.getMap('usage');
      for (let s = 0; s < n; s += 1000) {
        const len = Math.min(1000, n - s);
        const ids: string[] = [], cols: Record<string, unknown[]> = { customerId: [], date: [], userId: [], actions: [] };
        for (let i = s; i < s + len; i++) {
          ids.push(`u${i}`);
          for (const [k, v] of Object.entries(usage(i))) cols[k].push(v);
        }
        m.set(`k${s}`, { ids, cols });
      }
    }
  });
  return doc;
}

const heap = () => { (globalThis as { gc?: () => void }).gc?.(); (globalThis as { gc?: () => void }).gc?.(); return process.memoryUsage().heapUsed / 2 ** 20; };

function buildOne(layout: Layout, n: number, file: string) {
  writeFileSync(file, Y.encodeStateAsUpdate(build(layout, n)));
}

/** Times are the best of 3 loads (the machine is shared: the minimum is the least disturbed); heap is the first load's. */
function measureOne(layout: Layout, n: number, file: string) {
  let update: Uint8Array | null = new Uint8Array(readFileSync(file));
  const size = update.byteLength / 2 ** 20;
  let applyMs = Infinity, openMs: number | null = null, rows: number | null = null, heapMB = 0;
  for (let rep = 0; rep < 3; rep++) {
    const h0 = rep === 0 ? heap() : 0;
    const t0 = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    applyMs = Math.min(applyMs, performance.now() - t0);
    let keep: unknown = doc;
    if (layout.startsWith('workbook')) {
      const t1 = performance.now();
      const wb = openWorkbook(doc);
      openMs = Math.min(openMs ?? Infinity, performance.now() - t1);
      rows = layout === 'workbook-demo' ? tableNames.reduce((a, t) => a + wb.count(t), 0) : wb.count(layout === 'workbook-usage' ? 'usage' : 'activities');
      keep = wb;
    }
    if (rep === 0) {
      (globalThis as { keep?: unknown }).keep = keep;
      heapMB = heap() - h0;
    }
  }
  update = null;
  console.log(JSON.stringify({ layout, n, sizeMB: +size.toFixed(1), applyMs: Math.round(applyMs), openMs: openMs && Math.round(openMs), heapMB: Math.round(heapMB), rows }));
}

if (process.argv[2] === 'build') {
  buildOne(process.argv[3] as Layout, Number(process.argv[4]), process.argv[5]);
} else if (process.argv[2] === 'load') {
  measureOne(process.argv[3] as Layout, Number(process.argv[4]), process.argv[5]);
} else {
  const n = Number(process.argv[2] ?? 250000);
  const u = Number(process.argv[3] ?? 1000000);
  const only = process.argv.slice(4);
  const plan = ([
    ['nested-ymap', n], ['json-row', n], ['json-row+edits', n], ['workbook-activities', n],
    ['usage-json-row', u], ['usage-chunks', u], ['workbook-usage', u], ['workbook-demo', 10000],
  ] as [Layout, number][]).filter(([l]) => only.length === 0 || only.includes(l));
  for (const [layout, count] of plan) {
    // Build and load in separate processes: the loading heap then holds only the loaded doc.
    const file = join(tmpdir(), `pulso-layout-${layout}-${count}.bin`);
    const args = (step: string) => ['--expose-gc', '--max-old-space-size=6000', '--import', 'tsx', here, step, layout, String(count), file];
    const b = spawnSync(process.execPath, args('build'), { encoding: 'utf8' });
    const r = b.status === 0 ? spawnSync(process.execPath, args('load'), { encoding: 'utf8' }) : b;
    rmSync(file, { force: true });
    process.stdout.write(r.stdout || `{"layout":"${layout}","error":${JSON.stringify(r.stderr.slice(-400))}}\n`);
  }
}
