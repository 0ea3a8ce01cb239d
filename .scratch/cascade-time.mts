// dependentRows of one customer at 10k on a page-like replica: through list() vs each().
import * as Y from 'yjs';
import { readFileSync } from 'node:fs';
import { chunkedTables, dependentRows, openWorkbook } from '../core/index.js';
const doc = new Y.Doc();
Y.applyUpdate(doc, new Uint8Array(readFileSync(process.argv[2])));
const all = process.argv[3] === 'all';
const wb = openWorkbook(doc, all ? { rowless: [...chunkedTables], keepDecoded: ['usage'] } : { rowless: ['usage'], keepDecoded: ['usage'] });
const ids = wb.list('customers').slice(0, 5).map((c) => c.id);
for (let i = 0; i < 5; i++) {
  const t0 = performance.now(); const a = dependentRows({ list: (t) => wb.list(t) }, [ids[i]]); const t1 = performance.now();
  const b = dependentRows(wb, [ids[i]]); const t2 = performance.now();
  console.log(all ? 'all rowless' : 'usage rowless', 'list', (t1 - t0).toFixed(0), 'ms; each', (t2 - t1).toFixed(0), 'ms', JSON.stringify(a) === JSON.stringify(b));
}
