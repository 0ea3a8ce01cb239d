// Export workbook off the main thread: a replica of the doc → its snapshot → one XLSX.
import * as Y from 'yjs';
import { openWorkbook, workbookSheets, writeXlsx } from '../../core/index.js';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev: MessageEvent<{ state: Uint8Array; currency: string }>) => {
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, ev.data.state);
    const sheets = workbookSheets(openWorkbook(doc).snapshot()).map((s) => ({
      name: s.name,
      header: s.header,
      rows: s.rows,
      formats: s.money.map((m) => (m ? ('money' as const) : undefined)),
    }));
    const bytes = writeXlsx(sheets, { currency: ev.data.currency });
    self.postMessage({ ok: true, bytes }, [bytes.buffer]);
  } catch (e) {
    self.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
