// Where the heap goes, part by part, at one size of the demo portfolio (not part of
// `npm run bench`): the document applied, each table's rows read into memory, the engine
// loaded, the dashboard asked; each line is what that step added, after a full GC.
//   node --expose-gc --max-old-space-size=8000 --import tsx bench/heap-parts.ts 10000 [rowless]
// `rowless`: the chunked tables kept as the derivation worker keeps them (no row objects, read from the chunks).
import * as Y from 'yjs';
import { chunkedTables, createDerivation, openWorkbook, tableLoadOrder } from '../core/index.js';
import { fixtureFile, readFixture, TODAY } from './fixture.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (see the header)');
// V8's heap and the array buffers kept outside it (the chunks, the engine's typed arrays).
const memoryMB = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 1e6, buffers: m.arrayBuffers / 1e6 };
};
const customers = Number(process.argv[2] ?? 10_000);
const rowless = process.argv[3] === 'rowless';
const file = fixtureFile(customers);
const parts: { name: string; heap: number; buffers: number }[] = [];
const start = memoryMB();
let last = start;
const step = (name: string, run: () => void) => {
  run();
  const now = memoryMB();
  parts.push({ name, heap: now.heap - last.heap, buffers: now.buffers - last.buffers });
  last = now;
};

const doc = new Y.Doc();
let workbook!: ReturnType<typeof openWorkbook>;
step('document applied, chunked tables indexed by chunk', () => {
  Y.applyUpdate(doc, readFixture(file));
  workbook = openWorkbook(doc, rowless ? { rowless: [...chunkedTables] } : {});
});
for (const table of tableLoadOrder) step(`rows of ${table} (${workbook.storedCount(table).toLocaleString('en')})`, () => void workbook.count(table));
let derivation!: ReturnType<typeof createDerivation>;
step('engine loaded', () => {
  derivation = createDerivation(workbook, { asOf: TODAY });
  derivation.metrics();
});
step('dashboard asked', () => void derivation.dashboard({}));
const mb = (n: number) => n.toFixed(1).padStart(8);
console.log('    heap  buffers (MB, after GC)');
for (const p of parts) console.log(`${mb(p.heap)} ${mb(p.buffers)}  ${p.name}`);
console.log(`${mb(last.heap - start.heap)} ${mb(last.buffers - start.buffers)}  in all (${customers.toLocaleString('en')} customers${rowless ? ', chunked tables rowless' : ''}, Node ${process.version})`);
