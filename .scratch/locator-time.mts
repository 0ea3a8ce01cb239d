// The row → chunk index's build and lookups on the 10k fixture (a rowless table, as the
// page and the worker keep usage): the first get by id builds it in one task.
//   npx tsx .scratch/locator-time.mts   (one fresh process per figure: run it several times)
import * as Y from 'yjs';
import { chunkedTables, openWorkbook } from '../core/index.js';
import { fixtureFile, readFixture } from '../bench/fixture.js';

const doc = new Y.Doc();
Y.applyUpdate(doc, readFixture(fixtureFile(10_000)));
const wb = openWorkbook(doc, { rowless: [...chunkedTables] });
const ids: string[] = [];
let t = performance.now();
const first = wb.get('usage', 'u-0500001');
const build = performance.now() - t;
for (let i = 0; i < 100_000; i++) ids.push(`u-${String(1 + ((i * 7919) % 1_000_000)).padStart(7, '0')}`);
t = performance.now();
let found = 0;
for (const id of ids) if (wb.get('usage', id)) found++;
const gets = performance.now() - t;
console.log(`usage (1M rows): first get (builds the index) ${build.toFixed(0)} ms; 100,000 gets ${gets.toFixed(0)} ms (${found} found, first ${first ? 'found' : 'missing'})`);
