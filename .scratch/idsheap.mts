// The heap the chunks' decoded id lists take (10k fixture): every chunk's ids decoded as
// strings, as a rowless table keeps them once read.  node --expose-gc --import tsx .scratch/idsheap.mts
import * as Y from 'yjs';
import { fixtureFile, readFixture } from '../bench/fixture.js';
import { chunkIds } from '../core/doc/layout.js';
const gc = (globalThis as { gc?: () => void }).gc!;
const mem = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1e6; };
const doc = new Y.Doc();
Y.applyUpdate(doc, readFixture(fixtureFile(10000)));
const a = mem();
let n = 0; const sample: unknown[] = [];
for (const t of ['usage', 'activities', 'invoices', 'tickets', 'surveys']) {
  const m = doc.getMap(`chunks.${t}`);
  for (const v of m.values()) { const ids = chunkIds(v)!; n += ids.length; if (sample.length < 3) sample.push(ids[0]); }
}
const b = mem();
console.log({ ids: n, heapMB: (b - a).toFixed(1), perId: ((b - a) * 1e6 / n).toFixed(1), sample });
