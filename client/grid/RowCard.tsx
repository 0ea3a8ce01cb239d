// One row as a card: every field of the row, editable ones as inputs (each change goes
// through the sheet's own commit: read in the workbook locale, validated, undoable), and on
// the Customers sheet every derived and formula column, read-only, in the sheet's groups.
// The way to read and edit a wide row on a phone; on a desktop, a row at a glance.
import { createMemo, For, Show, createSignal, type Accessor } from 'solid-js';
import type { Column, GridApi } from 'ag-grid-community';
import { fieldsOf, type FieldDef, type TableName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { Dialog } from '../ui/Dialog.js';
import { UTILITY_COLUMNS, type ColumnEnv, type GridRow } from './columns.js';
import type { NumberNotation } from './number-input.js';

export interface RowCardProps {
  ctx: AppContext;
  table: TableName;
  rowId: string;
  api: GridApi<GridRow>;
  env: ColumnEnv;
  notation: () => NumberNotation;
  /** Bumped by the sheet when rows or metrics change: the card re-reads. */
  version: Accessor<number>;
  title: string;
  /** Writes one field from the text or value typed; returns the problem, or null when saved. */
  commit(rowId: string, field: string, input: unknown): string | null;
  onClose(): void;
}

interface Derived { colId: string; label: string; value: string }

export function RowCard(props: RowCardProps) {
  const { ctx } = props;
  const fields = Object.entries(fieldsOf(props.table) as Record<string, FieldDef>);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const row = createMemo(() => {
    props.version();
    return props.api.getRowNode(props.rowId)?.data;
  });

  // Derived and formula columns, read as the grid shows them, in the grid's groups.
  const derived = createMemo(() => {
    props.version();
    const node = props.api.getRowNode(props.rowId);
    if (!node) return [];
    const groups = new Map<string, Derived[]>();
    for (const col of props.api.getColumns() ?? []) {
      const id = col.getColId();
      if (UTILITY_COLUMNS.has(id) || fields.some(([f]) => f === id)) continue;
      const group = col.getOriginalParent()?.getColGroupDef()?.headerName ?? ctx.t('card.formulas');
      const shown = shownValue(props.api, node, col, props.env);
      const list = groups.get(group) ?? [];
      list.push({ colId: id, label: col.getColDef().headerName ?? id, value: shown });
      groups.set(group, list);
    }
    return [...groups.entries()];
  });

  const save = (field: string, input: unknown) => {
    const problem = props.commit(props.rowId, field, input);
    setErrors((e) => {
      const next = { ...e };
      if (problem) next[field] = problem;
      else delete next[field];
      return next;
    });
  };

  const textOf = (f: FieldDef, v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (f.kind === 'number' && typeof v === 'number') return props.notation().format(v);
    if (f.kind === 'ref') return props.env.refName(f.table, String(v)) ?? String(v);
    return String(v);
  };

  const input = (name: string, f: FieldDef) => {
    const value = () => row()?.[name];
    const common = {
      id: `card-${name}`,
      'data-testid': `card-field-${name}`,
      disabled: ctx.readOnly,
      'aria-invalid': errors()[name] ? true : undefined,
      'aria-describedby': errors()[name] ? `card-${name}-error` : undefined,
    } as const;
    const onEnter = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !(e.currentTarget instanceof HTMLTextAreaElement)) (e.currentTarget as HTMLElement).blur();
    };
    switch (f.kind) {
      case 'boolean':
        return (
          <select {...common} value={value() === true ? 'true' : value() === false ? 'false' : ''} onChange={(e) => save(name, e.currentTarget.value === '' ? null : e.currentTarget.value === 'true')}>
            <option value="">—</option>
            <option value="true">{ctx.t('grid.yes')}</option>
            <option value="false">{ctx.t('grid.no')}</option>
          </select>
        );
      case 'enum':
        return (
          <select {...common} value={(value() as string | undefined) ?? ''} onChange={(e) => save(name, e.currentTarget.value === '' ? null : e.currentTarget.value)}>
            <Show when={!f.required}>
              <option value="">—</option>
            </Show>
            <For each={[...f.values]}>{(v) => <option value={v}>{(f.valueLabels as Record<string, { en: string; 'pt-BR': string }> | undefined)?.[v]?.[ctx.lang()] ?? v}</option>}</For>
          </select>
        );
      case 'date':
        return <input {...common} type="date" value={(value() as string | undefined) ?? ''} onChange={(e) => save(name, e.currentTarget.value)} />;
      case 'ref': {
        const list = `card-${name}-options`;
        return (
          <>
            <input {...common} type="text" list={list} value={textOf(f, value())} onChange={(e) => save(name, e.currentTarget.value)} onKeyDown={onEnter} />
            <datalist id={list}>
              <For each={props.env.refOptions(f.table)}>{(o) => <option value={o.name} />}</For>
            </datalist>
          </>
        );
      }
      case 'number':
        return <input {...common} type="text" inputMode="decimal" value={textOf(f, value())} onChange={(e) => save(name, e.currentTarget.value)} onKeyDown={onEnter} />;
      default:
        return f.long || f.format === 'multiline' ? (
          <textarea {...common} rows={3} value={textOf(f, value())} onChange={(e) => save(name, e.currentTarget.value)} />
        ) : (
          <input {...common} type={f.format === 'email' ? 'email' : f.format === 'phone' ? 'tel' : 'text'} value={textOf(f, value())} onChange={(e) => save(name, e.currentTarget.value)} onKeyDown={onEnter} />
        );
    }
  };

  return (
    <Dialog title={props.title} testId="row-card" closeLabel={ctx.t('card.close')} onClose={props.onClose}>
      <Show when={row()} fallback={<p>{ctx.t('card.gone')}</p>}>
        <div class="row-card">
          <section>
            <h3>{ctx.t('card.fields')}</h3>
            <For each={fields}>
              {([name, f]) => (
                <div class="card-field" classList={{ invalid: !!errors()[name] }}>
                  <label for={`card-${name}`}>{f.label[ctx.lang()] + (f.required ? ' *' : '')}</label>
                  {input(name, f)}
                  <Show when={errors()[name]}>
                    <span class="card-error" id={`card-${name}-error`} role="alert" data-testid="card-error">
                      {errors()[name]}
                    </span>
                  </Show>
                </div>
              )}
            </For>
          </section>
          <For each={derived()}>
            {([group, list]) => (
              <section class="card-derived">
                <h3>
                  {group} <span class="computed-mark" title={ctx.t('grid.computedHint')}>ƒ</span>
                </h3>
                <dl>
                  <For each={list}>
                    {(d) => (
                      <div class="card-value" data-testid={`card-value-${d.colId}`}>
                        <dt>{d.label}</dt>
                        <dd>{d.value}</dd>
                      </div>
                    )}
                  </For>
                </dl>
              </section>
            )}
          </For>
        </div>
      </Show>
    </Dialog>
  );
}

/** The text a derived cell shows (its formatter), or a plain rendering of its value. */
function shownValue(api: GridApi<GridRow>, node: NonNullable<ReturnType<GridApi<GridRow>['getRowNode']>>, col: Column, env: ColumnEnv): string {
  const def = col.getColDef();
  const raw = api.getCellValue({ rowNode: node, colKey: col });
  if (def.valueFormatter) {
    const v = api.getCellValue({ rowNode: node, colKey: col, useFormatter: true });
    return v === null || v === undefined || v === '' ? '—' : String(v);
  }
  // Columns drawn by a renderer (health badge, variation arrows) have no formatter.
  if (typeof raw === 'number') return col.getColId().startsWith('m.variation') ? env.fmt.percent(raw, 1) : env.fmt.number(raw, 0);
  return raw === null || raw === undefined || raw === '' ? '—' : String(raw);
}
