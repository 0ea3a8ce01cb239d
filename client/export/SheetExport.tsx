// The sheet toolbar's Export buttons: CSV and XLSX of what the person sees.
import type { GridApi } from 'ag-grid-community';
import { schema, type TableName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { GridRow } from '../grid/columns.js';
import { CSV_TYPE, download, fileStem, XLSX_TYPE } from './download.js';
import { toCsv, viewSheet } from './view.js';
import { writeXlsxOffThread } from './xlsx.js';

/** `rows`: a paged sheet's rows in view order (its grid holds only the pages it has shown). */
export function SheetExport(props: { ctx: AppContext; table: TableName; api: () => GridApi<GridRow> | undefined; rows?: () => Iterable<GridRow> }) {
  const { ctx } = props;
  const name = () => schema[props.table].label[ctx.lang()];
  const stem = () => fileStem(name(), ctx.asOf());
  const csv = () => {
    const api = props.api();
    if (api) download(`${stem()}.csv`, toCsv(viewSheet(api, name(), props.rows?.()), ctx.lang()), CSV_TYPE);
  };
  const xlsx = () => {
    const api = props.api();
    if (!api) return;
    const file = `${stem()}.xlsx`;
    void writeXlsxOffThread([viewSheet(api, name(), props.rows?.())], { currency: ctx.settings().currency, dateFormat: ctx.lang() === 'pt-BR' ? 'dd/mm/yyyy' : 'yyyy-mm-dd' })
      .then((bytes) => download(file, bytes as BlobPart, XLSX_TYPE))
      .catch((e: Error) => alert(e.message));
  };
  return (
    <span class="export-buttons" title={ctx.t('export.title')}>
      <button type="button" data-testid="export-csv" onClick={csv}>
        ⤓ {ctx.t('export.csv')}
      </button>
      <button type="button" data-testid="export-xlsx" onClick={xlsx}>
        ⤓ {ctx.t('export.xlsx')}
      </button>
    </span>
  );
}
