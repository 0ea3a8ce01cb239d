// Heap of a page-like replica after each table was scanned once: rows vs rowless vs rowless+keepDecoded.
import * as Y from 'yjs';
import v8 from 'node:v8'; import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { chunkedTables, openWorkbook, tableNames } from '../core/index.js';
v8.setFlagsFromString('--expose-gc'); const gc = vm.runInNewContext('gc') as () => void;
const mb = () => { gc(); gc(); const m = process.memoryUsage(); return `heap ${(m.heapUsed / 1048576).toFixed(0)} MB, buffers ${(m.arrayBuffers / 1048576).toFixed(0)} MB`; };
const mode = process.argv[3];
const doc = new Y.Doc();
Y.applyUpdate(doc, new Uint8Array(readFileSync(process.argv[2])));
console.log('applied', mb());
const all = [...chunkedTables];
const wb = openWorkbook(doc, mode === 'rows' ? { rowless: ['usage'], keepDecoded: ['usage'] } : mode === 'rowless' ? { rowless: all } : { rowless: all, keepDecoded: all });
for (const t of tableNames) { let n = 0; const t0 = performance.now(); for (const _ of wb.scanSteps(t, () => n++)); wb.get(t, 'x'); const ms = performance.now() - t0; const t1 = performance.now(); let m = 0; for (const _ of wb.scanSteps(t, () => m++)); console.log(t, n, 'first scan', ms.toFixed(0), 'ms; again', (performance.now() - t1).toFixed(0), 'ms'); }
console.log(mode, mb());
