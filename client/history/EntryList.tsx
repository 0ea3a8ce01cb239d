// A list of history entries with their changes (old → new) and the restore actions: a
// deleted row back, or a field's earlier value, each written as a new local change (so
// Ctrl+Z undoes it and the history records who restored it).
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { issuesText, type ValidationIssue } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { HistoryEntry } from '../workspace/api.js';
import { fieldLabel, isTable, rowLabel, showValue, tableLabel, when } from './describe.js';

export function EntryList(props: { ctx: AppContext; entries: HistoryEntry[]; showRow?: boolean }) {
  const ctx = props.ctx;
  const t = ctx.t;
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const empty = () => t('history.empty.value');
  // Restore buttons follow the live rows (a restored row's button turns off).
  const [tick, setTick] = createSignal(0);
  onCleanup(ctx.workbook.subscribe(() => setTick((n) => n + 1)));

  const report = (r: { ok: true } | { ok: false; errors: ValidationIssue[] }) =>
    setMessage(r.ok ? { ok: true, text: t('history.restored') } : { ok: false, text: t('history.restoreFailed', { message: issuesText(r.errors, ctx.lang()) }) });

  const restoreRow = (e: HistoryEntry) => {
    if (!isTable(e.table)) return;
    const row: Record<string, unknown> = { id: e.row };
    for (const c of e.changes) if (c.old !== null && c.old !== undefined) row[c.field] = c.old;
    ctx.newUndoStep?.();
    report(ctx.workbook.insert(e.table, row as never));
  };
  const restoreValue = (e: HistoryEntry, field: string, value: unknown) => {
    if (!isTable(e.table)) return;
    ctx.newUndoStep?.();
    report(ctx.workbook.update(e.table, e.row, { [field]: value }));
  };
  const rowExists = (e: HistoryEntry) => (tick(), isTable(e.table) && ctx.workbook.get(e.table, e.row) !== undefined);
  /** The entry's own name/title, else the live row's, else the id. */
  const label = (e: HistoryEntry) => {
    const own = rowLabel(e);
    if (own !== e.row || !isTable(e.table)) return own;
    tick();
    const live = ctx.workbook.get(e.table, e.row) as Record<string, unknown> | undefined;
    return String(live?.name ?? live?.title ?? e.row);
  };

  return (
    <div>
      <Show when={message()}>
        {(m) => <p class={m().ok ? 'ok' : 'error'} role="status" data-testid="history-message">{m().text}</p>}
      </Show>
      <ul class="history-list" data-testid="history-list">
        <For each={props.entries}>
          {(e) => (
            <li data-testid="history-entry" data-kind={e.kind}>
              <span class="who">{e.by}</span>
              <span class="when">, {when(e.at, ctx.fmt.locale)}</span>
              <Show when={props.showRow && e.table !== 'settings'}>
                <span> — {tableLabel(e.table, ctx.lang())}: <b>{label(e)}</b></span>
              </Show>
              <Show when={e.note}>
                <span class="note"> ({e.note})</span>
              </Show>
              <Show when={e.kind === 'insert'}><span> — {t('history.inserted')}</span></Show>
              <Show when={e.kind === 'settings'}><span> — {t('history.settings')}</span></Show>
              <Show when={e.kind === 'bulk'}>
                <span> — {(e.count ?? 0) >= 0 ? t('history.bulk', { n: e.count ?? 0 }) : t('history.bulkRemoved', { n: -(e.count ?? 0) })}</span>
              </Show>
              <Show when={e.kind === 'remove'}>
                <span> — {t('history.removed')}</span>
                <Show when={!ctx.readOnly}>
                  <button type="button" data-testid="restore-row" disabled={rowExists(e)} title={rowExists(e) ? t('history.rowExists') : ''} onClick={() => restoreRow(e)}>
                    {t('history.restoreRow')}
                  </button>
                </Show>
              </Show>
              <Show when={e.kind === 'update' || e.kind === 'settings'}>
                <For each={e.changes}>
                  {(c) => (
                    <div class="change" data-testid="history-change">
                      {fieldLabel(e.table, c.field, ctx.lang())} <span class="old">{showValue(c.old, empty())}</span> → <span class="new">{showValue(c.new, empty())}</span>
                      <Show when={!ctx.readOnly && e.kind === 'update' && rowExists(e)}>
                        <button type="button" data-testid="restore-value" onClick={() => restoreValue(e, c.field, c.old)}>
                          {t('history.restoreValue', { field: fieldLabel(e.table, c.field, ctx.lang()), value: showValue(c.old, empty()) })}
                        </button>
                      </Show>
                    </div>
                  )}
                </For>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
