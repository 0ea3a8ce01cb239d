// The notice a person gets when a colleague's concurrent edit of the same cell replaced
// theirs (core's watchCellConflicts): who, which cell, the value that won, and one click to
// put their own value back (an ordinary edit: validated, undoable, synced).
import { createSignal, For, Show, type Accessor } from 'solid-js';
import { fieldsOf, schema, watchCellConflicts, type CellConflict, type FieldDef, type Workbook } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { fieldColumns, type ColumnEnv } from './columns.js';

export interface Notice extends CellConflict { key: number }

const SHOWN_FOR_MS = 20_000;
const MAX_SHOWN = 4;

interface Store { notices: Accessor<Notice[]>; dismiss(key: number): void }
const stores = new WeakMap<Workbook, Store>();

/**
 * The workbook's conflict notices. The watcher starts with the first sheet opened and lives
 * as long as the workbook (it must remember writes made on any sheet, and a notice waits
 * while the person is on the dashboard).
 */
export function conflictNotices(wb: Workbook): Store {
  let s = stores.get(wb);
  if (s) return s;
  const [notices, setNotices] = createSignal<Notice[]>([]);
  let next = 1;
  const dismiss = (key: number) => setNotices((l) => l.filter((n) => n.key !== key));
  watchCellConflicts(wb, (c) => {
    const key = next++;
    setNotices((l) => [...l.filter((n) => !(n.table === c.table && n.rowId === c.rowId && n.field === c.field)), { ...c, key }].slice(-MAX_SHOWN));
    setTimeout(() => dismiss(key), SHOWN_FOR_MS);
  });
  stores.set(wb, (s = { notices, dismiss }));
  return s;
}

export function ConflictNotices(props: { ctx: AppContext; presence: Presence; env: ColumnEnv }) {
  const { ctx } = props;
  const store = conflictNotices(ctx.workbook);
  const who = (n: Notice) => props.presence.peers().find((p) => p.clientId === n.by && !p.self)?.name ?? ctx.t('conflict.someone');
  const fieldOf = (n: Notice) => (fieldsOf(n.table) as Record<string, FieldDef>)[n.field];
  const shown = (n: Notice, v: unknown) => {
    const col = fieldColumns(n.table, props.env).find((c) => c.colId === n.field);
    const f = col?.valueFormatter;
    const text = typeof f === 'function' ? f({ value: v } as never) : v == null ? '' : String(v);
    return text === '' ? ctx.t('conflict.empty') : `“${text}”`;
  };
  const rowOf = (n: Notice) => {
    const row = ctx.workbook.get(n.table, n.rowId) as Record<string, unknown> | undefined;
    const customerId = n.table === 'customers' ? n.rowId : row?.customerId;
    const c = typeof customerId === 'string' ? (ctx.workbook.get('customers', customerId) as { name?: unknown } | undefined) : undefined;
    const name = c && typeof c.name === 'string' ? c.name : n.rowId;
    return n.table === 'customers' ? name : `${schema[n.table].label[ctx.lang()]}, ${name}`;
  };
  // A restore that cannot be written (the row was deleted meanwhile…) says why in the notice.
  const [failed, setFailed] = createSignal<Record<number, string>>({});
  const restore = (n: Notice) => {
    const res = ctx.workbook.update(n.table, n.rowId, { [n.field]: n.mine });
    if (res.ok) store.dismiss(n.key);
    else setFailed((f) => ({ ...f, [n.key]: ctx.t('grid.invalid', { message: res.errors.map((e) => e.message).join('; ') }) }));
  };
  return (
    <div class="conflict-notices" role="status" aria-live="polite">
      <For each={store.notices()}>
        {(n) => (
          <div class="conflict-notice" data-testid="conflict-notice" data-table={n.table} data-row-id={n.rowId} data-field={n.field}>
            <span data-testid="conflict-text">
              {ctx.t('conflict.text', { who: who(n), field: fieldOf(n)?.label[ctx.lang()] ?? n.field, row: rowOf(n), theirs: shown(n, n.theirs), mine: shown(n, n.mine) })}
            </span>
            <button type="button" class="primary" data-testid="conflict-restore" disabled={ctx.readOnly} onClick={() => restore(n)}>
              {ctx.t('conflict.restore', { mine: shown(n, n.mine) })}
            </button>
            <Show when={failed()[n.key]}>
              <span class="conflict-failed" role="alert">{failed()[n.key]}</span>
            </Show>
            <button type="button" class="dismiss" data-testid="conflict-dismiss" aria-label={ctx.t('conflict.dismiss')} title={ctx.t('conflict.dismiss')} onClick={() => store.dismiss(n.key)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
