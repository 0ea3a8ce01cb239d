// "Export workbook": the whole workbook as one XLSX, written in a worker.
import * as Y from 'yjs';
import { createSignal } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { download, fileStem, XLSX_TYPE } from './download.js';

export function ExportWorkbookButton(props: { ctx: AppContext }) {
  const [busy, setBusy] = createSignal(false);
  const run = () => {
    setBusy(true);
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }>) => {
      worker.terminate();
      setBusy(false);
      if (ev.data.ok) download(`${fileStem(props.ctx.workbookId, props.ctx.asOf())}.xlsx`, ev.data.bytes as BlobPart, XLSX_TYPE);
      else alert(ev.data.message);
    };
    const state = Y.encodeStateAsUpdate(props.ctx.workbook.doc);
    worker.postMessage({ state, currency: props.ctx.settings().currency }, [state.buffer]);
  };
  return (
    <button type="button" data-testid="export-workbook" title={props.ctx.t('export.workbookHint')} disabled={busy()} onClick={run}>
      {props.ctx.t('export.workbook')}
    </button>
  );
}
