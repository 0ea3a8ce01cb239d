// The Customers sheet's formula columns (settings.customColumns): one read-only column
// each, after the built-in derived ones, reading `metrics.custom[id]`. Marked ƒ, sortable
// and filterable like the others; an error shows its code, explained on hover; the header's
// ⋯ button opens the column's dialog (edit, delete).
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { isError, type CustomColumn, type CustomValue } from '../../core/index.js';
import type { ColumnEnv, GridRow } from './columns.js';

export const FORMULA_PREFIX = 'f.';

const valueOf = (row: GridRow | undefined, id: string): CustomValue | undefined => row?.$m?.custom?.[id];
const isIsoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const numeric = (f: CustomColumn['format']) => f === 'number' || f === 'money' || f === 'percent';

/** What a cell shows: the error code, or the value in the column's format (auto: by the value's type). */
export function displayValue(v: CustomValue | undefined, format: CustomColumn['format'], env: ColumnEnv): string {
  if (v === undefined) return env.t('grid.computing');
  if (v === null) return '—';
  if (isError(v)) return v.error;
  if (typeof v === 'boolean') return env.t(v ? 'grid.yes' : 'grid.no');
  if (typeof v === 'number') {
    if (format === 'money') return env.fmt.money(v);
    if (format === 'percent') return env.fmt.percent(v * 100, 1); // Excel: 0.25 shows as 25%
    if (format === 'text') return String(v);
    return env.fmt.number(v, 2);
  }
  if ((format === 'date' || format === undefined) && isIsoDate(v)) return env.fmt.date(v);
  return v;
}

/** Sort order: blanks, numbers, text, booleans, errors (as Excel sorts ascending, blanks first). */
function rank(v: CustomValue | undefined): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  return 4;
}
export function compareValues(a: CustomValue | undefined, b: CustomValue | undefined): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isError(a) && isError(b)) return a.error.localeCompare(b.error);
  return 0;
}

/** Inner header: "ƒ Name" and, for editors, a ⋯ button opening the column's dialog. */
class FormulaHeader {
  private el = document.createElement('span');
  init(p: { displayName: string; column: { getColId(): string }; onOpen?: (id: string) => void; hint: string }) {
    this.el.className = 'formula-header';
    const id = p.column.getColId().slice(FORMULA_PREFIX.length);
    const mark = document.createElement('span');
    mark.className = 'formula-mark';
    mark.textContent = 'ƒ';
    const name = document.createElement('span');
    name.className = 'formula-name';
    name.textContent = p.displayName;
    this.el.append(mark, name);
    if (p.onOpen) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'formula-menu';
      b.textContent = '⋯';
      b.title = p.hint;
      b.setAttribute('aria-label', `${p.hint}: ${p.displayName}`);
      b.dataset.testid = `formula-menu-${id}`;
      // Not a sort click: the header would sort on the same click otherwise.
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        p.onOpen!(id);
      });
      b.addEventListener('mousedown', (e) => e.stopPropagation());
      this.el.append(b);
    }
  }
  getGui() {
    return this.el;
  }
  refresh() {
    return false;
  }
}

/** One column per formula column definition. `onOpen` is absent for viewers. */
export function formulaColumns(defs: readonly CustomColumn[], env: ColumnEnv, onOpen?: (id: string) => void): ColDef<GridRow>[] {
  return defs.map((d) => {
    const col: ColDef<GridRow> = {
      colId: FORMULA_PREFIX + d.id,
      headerName: d.label,
      headerTooltip: `${d.label} = ${d.formula}`,
      headerClass: numeric(d.format) ? ['formula-header-cell', 'ag-right-aligned-header'] : 'formula-header-cell',
      headerComponentParams: { innerHeaderComponent: FormulaHeader, innerHeaderComponentParams: { onOpen, hint: env.t('formula.menu') } },
      cellClass: numeric(d.format) ? ['computed-cell', 'ag-right-aligned-cell'] : 'computed-cell',
      cellClassRules: { 'formula-error': (p) => isError(p.value) },
      editable: false,
      minWidth: 110,
      valueGetter: (p) => valueOf(p.data, d.id) ?? null,
      valueFormatter: (p: ValueFormatterParams<GridRow>) => displayValue(p.data?.$m ? valueOf(p.data, d.id) ?? null : undefined, d.format, env),
      comparator: (a, b) => compareValues(a as CustomValue, b as CustomValue),
      tooltipValueGetter: (p) => (isError(p.value) ? `${p.value.error}: ${env.t(`formula.error.${p.value.error}`)}` : null),
      getQuickFilterText: (p) => displayValue(p.value as CustomValue, d.format, env),
      context: { formula: d.id },
    };
    if (numeric(d.format)) {
      col.filter = 'agNumberColumnFilter';
      col.filterValueGetter = (p) => {
        const v = valueOf(p.data, d.id);
        return typeof v === 'number' ? (d.format === 'percent' ? v * 100 : v) : null;
      };
    } else {
      col.filter = 'agTextColumnFilter';
      col.filterValueGetter = (p) => displayValue(valueOf(p.data, d.id) ?? null, d.format, env);
    }
    return col;
  });
}
