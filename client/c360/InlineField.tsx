// One field of a row edited in place, the way a grid cell is: the same coercion
// (client/grid/coerce.ts → core's coerceCell), the same validation (the workbook refuses
// what core's validation refuses, and nothing changes), the same undo (the write carries
// the workbook's origin, which the app's UndoManager tracks) and the same presence (the
// colleague's grid outlines the field being edited here, and vice versa).
import { createSignal, For, Show, type JSX } from 'solid-js';
import { fieldsOf, issuesText, type FieldDef, type TableName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { coerceInput } from '../grid/coerce.js';

export interface InlineFieldProps {
  ctx: AppContext;
  presence: Presence;
  table: TableName;
  rowId: string;
  field: string;
  /** The stored (raw) value. */
  value: unknown;
  /** How the value reads when not editing (defaults to the value as text). */
  display?: (v: unknown) => JSX.Element;
  testid: string;
  /** Editing disabled (row removed, viewer link). */
  disabled?: boolean;
  label?: string;
  /** The display holds its own control (a mailto/tel link): editing gets a separate ✎ button
   * instead of making the value itself a button (no control inside a control). */
  separateEdit?: boolean;
}

const asText = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function InlineField(p: InlineFieldProps) {
  const def = () => (fieldsOf(p.table) as Record<string, FieldDef>)[p.field];
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const lang = () => p.ctx.lang();
  const canEdit = () => !p.ctx.readOnly && !p.disabled;
  const colleagues = () =>
    p.presence.peers().filter((x) => !x.self && x.cell && x.cell.sheet === p.table && x.cell.rowId === p.rowId && x.cell.colId === p.field);

  const start = () => {
    if (!canEdit() || editing()) return;
    setError(null);
    setEditing(true);
    p.presence.setCell({ sheet: p.table, rowId: p.rowId, colId: p.field, editing: true });
  };
  const stop = () => {
    setEditing(false);
    p.presence.setCell(null);
  };
  /** Validates and writes; false (editor stays open with the message) when refused. */
  const commit = (input: unknown): boolean => {
    const f = def();
    if (!f) return false;
    const c = coerceInput(f, input, lang());
    if (!c.ok) {
      setError(p.ctx.t('c360.invalid', { message: c.message }));
      return false;
    }
    const old = p.value;
    const same = c.value === old || (c.value === null && (old === undefined || old === null || old === ''));
    if (!same) {
      const res = p.ctx.workbook.update(p.table, p.rowId, { [p.field]: c.value });
      if (!res.ok) {
        setError(p.ctx.t('c360.invalid', { message: issuesText(res.errors, lang()) }));
        return false;
      }
    }
    setError(null);
    stop();
    return true;
  };

  const editor = () => {
    const f = def();
    if (f?.kind === 'enum' || f?.kind === 'boolean') {
      const options: { v: string; label: string }[] =
        f.kind === 'boolean'
          ? [{ v: 'true', label: p.ctx.t('c360.yes') }, { v: 'false', label: p.ctx.t('c360.no') }]
          : f.values.map((v) => ({ v, label: (f.valueLabels as Record<string, { en: string; 'pt-BR': string }> | undefined)?.[v]?.[lang()] ?? v }));
      return (
        <select
          class="c360-editor"
          aria-label={p.label}
          ref={(el) => setTimeout(() => el.focus())}
          value={asText(p.value)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            commit(f.kind === 'boolean' ? (v === '' ? null : v === 'true') : v);
          }}
          onBlur={() => !error() && stop()}
          onKeyDown={(e) => e.key === 'Escape' && stop()}
        >
          <option value="">—</option>
          <For each={options}>{(o) => <option value={o.v}>{o.label}</option>}</For>
        </select>
      );
    }
    return (
      <input
        class="c360-editor"
        type={f?.kind === 'date' ? 'date' : 'text'}
        aria-label={p.label}
        value={asText(p.value)}
        ref={(el) => setTimeout(() => (el.focus(), f?.kind !== 'date' && el.select()))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(e.currentTarget.value);
          } else if (e.key === 'Escape') {
            setError(null);
            stop();
          }
        }}
        onBlur={(e) => {
          if (editing()) commit(e.currentTarget.value);
        }}
      />
    );
  };

  return (
    <span
      class="c360-field"
      classList={{ editable: canEdit(), 'has-peer': colleagues().length > 0 }}
      style={colleagues().length ? { 'outline-color': colleagues()[0].color } : undefined}
      data-testid={p.testid}
      data-field={p.field}
    >
      <Show
        when={editing()}
        fallback={
          <>
            <span
              class="c360-value"
              role={canEdit() && !p.separateEdit ? 'button' : undefined}
              tabIndex={canEdit() && !p.separateEdit ? 0 : undefined}
              title={canEdit() ? p.label : undefined}
              onClick={start}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === 'F2') && (e.preventDefault(), start())}
            >
              {p.display ? p.display(p.value) : asText(p.value) || '—'}
            </span>
            <Show when={canEdit() && p.separateEdit}>
              <button type="button" class="c360-edit" aria-label={p.ctx.t('a11y.edit', { field: p.label ?? p.field })} title={p.ctx.t('a11y.edit', { field: p.label ?? p.field })} onClick={start}>
                ✎
              </button>
            </Show>
          </>
        }
      >
        {editor()}
      </Show>
      <For each={colleagues()}>
        {(c) => (
          <span class="c360-peer" data-testid="c360-presence" style={{ background: c.color }}>
            {c.name}
          </span>
        )}
      </For>
      <Show when={error()}>
        <span class="c360-error" role="alert" data-testid="c360-field-error">
          {error()}
        </span>
      </Show>
    </span>
  );
}
