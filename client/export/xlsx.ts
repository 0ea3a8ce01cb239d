// XLSX files of a view or the dashboard, written in the export worker: the writer and its
// zip library (fflate) then live only in the worker's chunk, fetched on the first export,
// never in the main bundle — and a large sheet is zipped off the main thread.
import type { XSheet } from '../../core/index.js';
import type { ExportRequest, ExportResult } from './worker.js';

export type XlsxOptions = { currency?: string; dateFormat?: string };

/** Runs one request in a fresh export worker, closed when it answers. */
export function inExportWorker(req: ExportRequest, transfer: Transferable[] = []): Promise<Uint8Array> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<ExportResult>) => {
      worker.terminate();
      if (ev.data.ok) resolve(ev.data.bytes);
      else reject(new Error(ev.data.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(req, transfer);
  });
}

export const writeXlsxOffThread = (sheets: XSheet[], opts: XlsxOptions = {}): Promise<Uint8Array> => inExportWorker({ type: 'sheets', sheets, opts });
