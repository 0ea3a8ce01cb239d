// How much of a stored workbook's bytes are its chunks, and whether they are views into the
// update they were applied from (they are not: Yjs copies each binary value, so a replica's
// array buffers hold the chunks' bytes alone).  npx tsx .scratch/chunk-bytes.mts [customers]
import * as Y from 'yjs';
import { fixtureFile, readFixture } from '../bench/fixture.js';
const update = readFixture(fixtureFile(Number(process.argv[2] ?? 10_000)));
const doc = new Y.Doc();
Y.applyUpdate(doc, update);
let bytes = 0, n = 0;
const buffers = new Set<ArrayBufferLike>();
for (const t of ['usage', 'activities', 'invoices', 'tickets', 'surveys']) for (const v of doc.getMap(`chunks.${t}`).values()) if (v instanceof Uint8Array) { bytes += v.byteLength; n++; buffers.add(v.buffer); }
console.log(`update ${(update.byteLength / 1e6).toFixed(1)} MB; ${n} chunks, ${(bytes / 1e6).toFixed(1)} MB of chunk bytes, in ${buffers.size} distinct buffer(s)`);
