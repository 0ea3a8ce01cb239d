// Which code allocated the array buffers the derivation still holds (10k, rowless, as the
// worker keeps them): large typed arrays are tracked from their allocation site, and those
// alive after GC summed per site.  node --expose-gc --import tsx .scratch/buffers.mts [customers]
const sites = new Map<string, WeakRef<ArrayBufferLike>[]>();
const seen = new WeakSet<ArrayBufferLike>();
const record = (buf: ArrayBufferLike) => {
  if (buf.byteLength < 64 * 1024 || seen.has(buf)) return;
  seen.add(buf);
  const frames = (new Error().stack ?? '').split('\n').slice(2).filter((l) => l.includes('/core/') || l.includes('/node_modules/yjs') || l.includes('lib0'));
  const key = frames.slice(0, 2).map((l) => l.trim().replace(/^at /, '').replace(/\(.*\/(\w[\w.-]*\.(?:ts|js|mjs|cjs)):(\d+):\d+\)/, '($1:$2)')).join(' < ') || 'elsewhere';
  const list = sites.get(key) ?? [];
  list.push(new WeakRef(buf));
  sites.set(key, list);
};
for (const name of ['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Uint16Array', 'Int16Array', 'Int8Array'] as const) {
  const Base = (globalThis as Record<string, unknown>)[name] as { new (...a: unknown[]): ArrayBufferView };
  const Tracked = class extends (Base as unknown as new (...a: unknown[]) => ArrayBufferView) {
    constructor(...a: unknown[]) {
      super(...a);
      record(this.buffer);
    }
  };
  (globalThis as Record<string, unknown>)[name] = Tracked;
}
const OrigAB = ArrayBuffer;
(globalThis as Record<string, unknown>).ArrayBuffer = class extends OrigAB { constructor(n: number) { super(n); record(this); } };

const Y = await import('yjs');
const { chunkedTables, createDerivation, openWorkbook } = await import('../core/index.js');
const { fixtureFile, readFixture, TODAY } = await import('../bench/fixture.js');
const customers = Number(process.argv[2] ?? 10_000);
const doc = new Y.Doc();
Y.applyUpdate(doc, readFixture(fixtureFile(customers)));
const wb = openWorkbook(doc, { rowless: [...chunkedTables] });
const d = createDerivation(wb, { asOf: TODAY });
d.metrics();
d.dashboard({});
await new Promise((r) => setTimeout(r, 10)); // WeakRef targets stay alive until the job that made them ends
const gc = (globalThis as { gc?: () => void }).gc!;
gc(); gc();
const rows: [string, number, number][] = [];
for (const [k, refs] of sites) {
  let bytes = 0, n = 0;
  for (const r of refs) { const b = r.deref(); if (b) { bytes += b.byteLength; n++; } }
  if (bytes) rows.push([k, bytes, n]);
}
rows.sort((a, b) => b[1] - a[1]);
let total = 0;
for (const [, b] of rows) total += b;
for (const [k, b, n] of rows.slice(0, 25)) console.log(`${(b / 1e6).toFixed(1).padStart(8)} MB ${String(n).padStart(6)}×  ${k}`);
console.log(`${(total / 1e6).toFixed(1).padStart(8)} MB  tracked alive; process arrayBuffers ${(process.memoryUsage().arrayBuffers / 1e6).toFixed(1)} MB`);
void [d, wb, doc];
