// The export worker: XLSX files written off the main thread (client/export/xlsx.ts). Either
// the whole workbook (a replica of the doc → its snapshot → one XLSX) or sheets the page
// has already laid out (the view of a sheet, the dashboard's figures).
import * as Y from 'yjs';
import { openWorkbook, workbookSheets, writeXlsx, type XSheet } from '../../core/index.js';

declare const self: DedicatedWorkerGlobalScope;

export type ExportRequest =
  | { type: 'workbook'; state: Uint8Array; currency: string }
  | { type: 'sheets'; sheets: XSheet[]; opts: { currency?: string; dateFormat?: string } };
export type ExportResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

self.onmessage = (ev: MessageEvent<ExportRequest>) => {
  const m = ev.data;
  try {
    let bytes: Uint8Array;
    if (m.type === 'sheets') {
      bytes = writeXlsx(m.sheets, m.opts);
    } else {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, m.state);
      const sheets = workbookSheets(openWorkbook(doc).snapshot()).map((s) => ({
        name: s.name,
        header: s.header,
        rows: s.rows,
        formats: s.money.map((f) => (f ? ('money' as const) : undefined)),
      }));
      bytes = writeXlsx(sheets, { currency: m.currency });
    }
    self.postMessage({ ok: true, bytes } satisfies ExportResult, [bytes.buffer]);
  } catch (e) {
    self.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ExportResult);
  }
};
