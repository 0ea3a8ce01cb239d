// Grid columns generated from core/schema.ts (editable fields) and, for the Customers
// sheet, one read-only column per derived metric of METRICS.md.
import type { Translator } from '../i18n/catalog.js';
import type { ColDef, ColGroupDef, ValueFormatterParams } from 'ag-grid-community';
import { columnGroups, customerColumns, fieldsOf, healthBreakdown, type ColumnGroupId, type CustomerMetrics, type CustomerStatus, type HealthBand, type Situation, type FieldDef, type HealthWeights, type Lang, type TableName } from '../../core/index.js';
import type { Formatters } from '../app-context.js';
import { RefEditor } from './ref-editor.js';
import { HealthCell, RowCardCell, VariationCell } from './renderers.js';
import { NumberEditor } from './number-editor.js';
import { numberNotation, type NumberNotation } from './number-input.js';

/** A grid row: the stored fields plus, on the Customers sheet, the derived metrics. */
export type GridRow = { id: string; [field: string]: unknown; $m?: CustomerMetrics | null };

export interface ColumnEnv {
  lang: Lang;
  readOnly: boolean;
  fmt: Formatters;
  t: Translator;
  /** Display name of a referenced row (customer or contact). */
  refName: (table: 'customers' | 'contacts', id: string) => string | undefined;
  refOptions: (table: 'customers' | 'contacts') => { id: string; name: string }[];
  /** Days-to-renewal at or below this are highlighted. */
  renewalSoonDays: number;
  /** Health weights of the workbook (for the breakdown shown on hover). */
  weights?: () => HealthWeights;
  /** How numbers are written in the editor: the workbook locale's notation (default: the interface language's). */
  numbers?: () => NumberNotation;
  /** Long texts wrap onto several lines (the sheet's "Wrap text" toggle). */
  wrap?: boolean;
}

const MIN_WIDTH = 90;
/** Width that fits a typical activity title, ticket subject or survey comment. */
const LONG_TEXT_WIDTH = 300;

/** The row-number column that opens a row as a card (RowCard): not data, never exported or copied. */
export const CARD_COL = 'row-card';
/** Columns that hold no data of the row (ag-grid's checkbox column and the card button). */
export const UTILITY_COLUMNS: ReadonlySet<string> = new Set(['ag-Grid-SelectionColumn', CARD_COL]);

/** The pinned "#" column: the row's number, a button that opens the row as a card. */
export function cardColumn(label: (n: number) => string, open: (rowId: string) => void): ColDef<GridRow> {
  return {
    colId: CARD_COL,
    headerName: '#',
    pinned: 'left',
    lockPosition: 'left',
    width: 44,
    minWidth: 44,
    maxWidth: 64,
    resizable: false,
    sortable: false,
    filter: false,
    editable: false,
    suppressMovable: true,
    suppressHeaderMenuButton: true,
    cellClass: 'row-card-cell',
    valueGetter: (p) => (p.node?.rowIndex == null ? null : p.node.rowIndex + 1),
    getQuickFilterText: () => '',
    cellRenderer: RowCardCell,
    cellRendererParams: { label, open },
  };
}

export function fieldColumns(table: TableName, env: ColumnEnv): ColDef<GridRow>[] {
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  return Object.entries(fields).map(([name, f]) => fieldColumn(name, f, env));
}

function fieldColumn(name: string, f: FieldDef, env: ColumnEnv): ColDef<GridRow> {
  const col: ColDef<GridRow> = {
    colId: name,
    field: name,
    headerName: f.label[env.lang] + (f.required ? ' *' : ''),
    editable: !env.readOnly,
    minWidth: MIN_WIDTH,
    filter: 'agTextColumnFilter',
    context: { field: f },
  };
  switch (f.kind) {
    case 'text':
      col.cellEditor = f.format === 'multiline' ? 'agLargeTextCellEditor' : 'agTextCellEditor';
      if (f.format === 'multiline') col.cellEditorPopup = true;
      // "12.345.678/0001-90" whole.
      if (f.format === 'document') {
        col.width = 175;
        col.cellClass = 'document';
      }
      if (f.long) {
        col.width = LONG_TEXT_WIDTH;
        col.minWidth = 160;
        col.wrapText = env.wrap === true;
        col.autoHeight = env.wrap === true;
        col.cellClass = env.wrap ? 'long-text wrapped' : 'long-text';
        // Unwrapped, the whole text is one hover away.
        if (!env.wrap) col.tooltipValueGetter = (p) => (typeof p.value === 'string' && p.value.length > 40 ? p.value : null);
      }
      break;
    case 'number':
      // Typed as text in the workbook locale's notation (4321,5) and read strictly by the
      // sheet, so "abc" or "1850.99" in pt-BR gets a message instead of a guess.
      col.cellEditor = NumberEditor;
      col.cellEditorParams = { notation: env.numbers ?? (() => numberNotation(env.lang)) };
      col.filter = 'agNumberColumnFilter';
      col.type = 'rightAligned';
      col.valueFormatter = (p: ValueFormatterParams<GridRow>) =>
        typeof p.value === 'number' ? (f.format === 'money' ? env.fmt.money(p.value) : env.fmt.number(p.value, 2)) : p.value == null ? '' : String(p.value);
      break;
    case 'date':
      col.cellEditor = 'agDateStringCellEditor';
      col.valueFormatter = (p) => (p.value ? env.fmt.date(String(p.value)) : '');
      break;
    case 'boolean':
      col.cellEditor = 'agSelectCellEditor';
      col.cellEditorParams = { values: [true, false] };
      col.valueFormatter = (p) => (p.value === true ? env.t('grid.yes') : p.value === false ? env.t('grid.no') : '');
      col.getQuickFilterText = (p) => (p.value === true ? env.t('grid.yes') : p.value === false ? env.t('grid.no') : '');
      break;
    case 'enum':
      col.cellEditor = 'agSelectCellEditor';
      col.cellEditorParams = { values: [...f.values] };
      col.valueFormatter = (p) => {
        const v = p.value as string | undefined;
        if (!v) return '';
        const labels = f.valueLabels as Record<string, { en: string; 'pt-BR': string }> | undefined;
        return labels?.[v]?.[env.lang] ?? v;
      };
      // Search finds what the cell shows ("Recorrente"), not the stored key.
      col.getQuickFilterText = (p) => {
        const v = p.value as string | undefined;
        const labels = f.valueLabels as Record<string, { en: string; 'pt-BR': string }> | undefined;
        return v ? (labels?.[v]?.[env.lang] ?? v) : '';
      };
      break;
    case 'ref': {
      const t = f.table;
      col.cellEditor = RefEditor;
      col.cellEditorPopup = true;
      col.cellEditorParams = { options: () => env.refOptions(t), placeholder: env.t('grid.pickCustomer') };
      col.valueFormatter = (p) => {
        const id = p.value as string | undefined;
        if (!id) return '';
        return env.refName(t, id) ?? env.t('grid.unknownCustomer', { id });
      };
      // Filter and search by the name people see, not the id.
      col.filterValueGetter = (p) => {
        const id = p.data?.[name] as string | undefined;
        return id ? (env.refName(t, id) ?? id) : '';
      };
      col.getQuickFilterText = (p) => {
        const id = p.value as string | undefined;
        return id ? (env.refName(t, id) ?? id) : '';
      };
      col.minWidth = 160;
      break;
    }
  }
  return col;
}

/**
 * The derived columns in the catalog's named groups (Revenue, Health, Relationship,
 * Support & billing), in group order. A group collapses to its key columns (`groupKey`).
 */
export function metricGroups(env: ColumnEnv): ColGroupDef<GridRow>[] {
  const cols = metricColumns(env);
  return (Object.keys(columnGroups) as ColumnGroupId[]).map((g) => ({
    groupId: `g.${g}`,
    headerName: columnGroups[g][env.lang],
    headerClass: 'computed-group',
    openByDefault: true,
    marryChildren: true,
    children: cols.filter((c) => (c.context as { group: ColumnGroupId }).group === g),
  }));
}

/** The derived (computed, read-only) columns of the Customers sheet: core's catalog, in its grid order. */
export function metricColumns(env: ColumnEnv): ColDef<GridRow>[] {
  return customerColumns.filter((c) => c.grid).map((def) => {
    const key = def.id as keyof CustomerMetrics;
    const col: ColDef<GridRow> = {
      colId: `m.${key}`,
      columnGroupShow: def.groupKey ? undefined : 'open',
      headerName: def.label[env.lang],
      headerTooltip: `${def.formula[env.lang]}\n${env.t('grid.computedHint')}`,
      headerClass: 'computed-header',
      cellClass: 'computed-cell',
      editable: false,
      minWidth: def.width ?? MIN_WIDTH,
      valueGetter: (p) => {
        const m = p.data?.$m;
        if (!m) return null;
        if (def.kind === 'sponsor') return m.sponsor?.name ?? null;
        return m[key] as unknown;
      },
      context: { metric: key, anchor: def.anchor, group: def.group },
    };
    switch (def.kind) {
      case 'money':
        col.type = 'rightAligned';
        col.filter = 'agNumberColumnFilter';
        col.valueFormatter = (p) => (p.data?.$m ? env.fmt.money(p.value as number | null) : env.t('grid.computing'));
        break;
      case 'count':
      case 'score':
      case 'months':
        col.type = 'rightAligned';
        col.filter = 'agNumberColumnFilter';
        col.valueFormatter = (p) => env.fmt.number(p.value as number | null, def.kind === 'months' ? 1 : 0);
        break;
      case 'percent':
        col.type = 'rightAligned';
        col.filter = 'agNumberColumnFilter';
        col.cellRenderer = VariationCell;
        col.cellRendererParams = { fmt: env.fmt };
        break;
      case 'date':
        col.filter = 'agTextColumnFilter';
        col.valueFormatter = (p) => env.fmt.date(p.value as string | null);
        break;
      case 'status':
        col.filter = 'agTextColumnFilter';
        col.valueFormatter = (p) => (p.value ? env.t(`status.${p.value as CustomerStatus}`) : '—');
        break;
      case 'situation':
        col.filter = 'agTextColumnFilter';
        col.valueFormatter = (p) => (p.value ? env.t(`situation.${p.value as Situation}`) : '—');
        col.cellClassRules = {
          'situation-risk': (p) => p.value === 'risk',
          'situation-opportunity': (p) => p.value === 'opportunity',
        };
        break;
      case 'band':
        col.filter = 'agTextColumnFilter';
        col.valueFormatter = (p) => (p.value ? env.t(`band.${p.value as HealthBand}`) : '—');
        break;
      case 'sponsor':
        col.filter = 'agTextColumnFilter';
        col.tooltipValueGetter = (p) => {
          const s = p.data?.$m?.sponsor;
          return s ? [s.name, s.email, s.phone].filter(Boolean).join(' · ') : null;
        };
        break;
      default:
        col.filter = 'agTextColumnFilter';
    }
    // A colDef's cellClass replaces the one of its type: keep the right alignment of numbers.
    if (col.type === 'rightAligned') {
      col.cellClass = ['computed-cell', 'ag-right-aligned-cell'];
      col.headerClass = ['computed-header', 'ag-right-aligned-header'];
    }
    if (key === 'healthScore') {
      col.cellRenderer = HealthCell;
      col.cellRendererParams = { fmt: env.fmt, bandLabel: (b: string) => env.t('a11y.band', { band: env.t(`band.${b as 'red' | 'yellow' | 'green'}` as const) }) };
      // Hover: the breakdown as text (click opens the table, see Sheet).
      col.tooltipValueGetter = (p) => {
        const m = p.data?.$m;
        if (!m || m.healthScore === null || !env.weights) return null;
        const lines = healthBreakdown(m.indicators, env.weights()).map((l) =>
          l.value === null || l.weight <= 0
            ? `${env.t(`ind.${l.indicator}`)}: ${env.t('health.skipped')}`
            : `${env.t(`ind.${l.indicator}`)}: ${env.fmt.number(l.value, 0)} × ${env.fmt.number(l.weight)} → ${env.fmt.number(l.contribution, 1)}`,
        );
        return [`${env.t('m.healthScore')} ${env.fmt.number(m.healthScore, 1)}`, ...lines].join('\n');
      };
    }
    if (key === 'daysToRenewal' || key === 'renewalDate') {
      col.cellClassRules = {
        'renewal-soon': (p) => {
          const d = p.data?.$m?.daysToRenewal;
          return typeof d === 'number' && d >= 0 && d <= env.renewalSoonDays;
        },
        'renewal-past': (p) => {
          const d = p.data?.$m?.daysToRenewal;
          return typeof d === 'number' && d < 0;
        },
      };
    }
    return col;
  });
}

/** The header group name for derived columns. */
export const COMPUTED_PREFIX = 'm.';
