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
const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const customers = Number(process.argv[2] ?? 10_000);
const rowless = process.argv[3] === 'rowless';
const file = fixtureFile(customers);
const parts: [string, number][] = [];
const start = heapMB();
let last = start;
const step = (name: string, run: () => void) => {
  run();
  const now = heapMB();
  parts.push([name, now - last]);
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
for (const [name, mb] of parts) console.log(`${mb.toFixed(1).padStart(8)} MB  ${name}`);
console.log(`${(last - start).toFixed(1).padStart(8)} MB  in all (${customers.toLocaleString('en')} customers${rowless ? ', chunked tables rowless' : ''}, Node ${process.version}, V8 heap after GC)`);
