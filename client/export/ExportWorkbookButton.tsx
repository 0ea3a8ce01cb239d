// "Export workbook": the whole workbook as one XLSX, written in a worker.
import * as Y from 'yjs';
import { createSignal } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { download, fileStem, XLSX_TYPE } from './download.js';
import { inExportWorker } from './xlsx.js';

export function ExportWorkbookButton(props: { ctx: AppContext }) {
  const [busy, setBusy] = createSignal(false);
  const run = () => {
    setBusy(true);
    const state = Y.encodeStateAsUpdate(props.ctx.workbook.doc);
    inExportWorker({ type: 'workbook', state, currency: props.ctx.settings().currency }, [state.buffer])
      .then((bytes) => download(`${fileStem(props.ctx.workbookId, props.ctx.asOf())}.xlsx`, bytes as BlobPart, XLSX_TYPE))
      .catch((e: Error) => alert(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <button type="button" data-testid="export-workbook" title={props.ctx.t('export.workbookHint')} disabled={busy()} onClick={run}>
      {props.ctx.t('export.workbook')}
    </button>
  );
}
