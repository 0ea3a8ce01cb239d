// Ctrl/Cmd+K: a quick switcher over customers (jumps to their page) and the app's views
// (sheets and dashboard). Keyboard first: type, ↑/↓, Enter, Esc.
import { createMemo, createSignal, createUniqueId, For, onCleanup, onMount, Show } from 'solid-js';
import { schema, tableNames, type TableName } from '../../core/index.js';
import type { AppContext, SheetId } from '../app-context.js';
import { indexCustomers, searchCustomers, searchViews } from './search.js';
import { Dialog } from '../ui/Dialog.js';
import './switcher.css';

type Item = { kind: 'customer'; id: string; label: string; detail: string } | { kind: 'view'; id: SheetId; label: string; detail: string };

/** Ctrl+K or Cmd+K (without Shift/Alt). */
export const isSwitcherKey = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';

export function Switcher(p: { ctx: AppContext; openView: (s: SheetId) => void }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const [open, setOpen] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal(0);
  const [rev, setRev] = createSignal(0);
  let input!: HTMLInputElement;
  const listId = createUniqueId();

  // The index follows the customers table, but is only rebuilt while the switcher is open.
  const off = ctx.workbook.subscribe((c) => c.tables.customers && setRev((n) => n + 1));
  onCleanup(off);
  const index = createMemo(() => (open() ? (rev(), indexCustomers(ctx.workbook.list('customers'))) : []));
  const views = createMemo(() => {
    const all: SheetId[] = ['dashboard', ...tableNames, 'settings'];
    return all.map((s) => ({
      kind: 'view' as const,
      id: s,
      label: s === 'dashboard' ? ctx.t('tab.dashboard') : s === 'settings' ? ctx.t('tab.settings') : schema[s as TableName].label[lang()],
      detail: '',
    }));
  });
  const items = createMemo<Item[]>(() => [
    ...searchCustomers(index(), query()).map((h) => ({ kind: 'customer' as const, id: h.id, label: h.name, detail: h.detail })),
    ...searchViews(views(), query()),
  ]);

  const show = () => {
    setQuery('');
    setActive(0);
    setOpen(true);
  };
  const close = () => setOpen(false);
  const choose = (i: Item | undefined) => {
    if (!i) return;
    close();
    if (i.kind === 'customer') ctx.openCustomer(i.id);
    else p.openView(i.id);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!isSwitcherKey(e)) return;
    e.preventDefault();
    if (open()) close();
    else show();
  };
  onMount(() => window.addEventListener('keydown', onKey, true));
  onCleanup(() => window.removeEventListener('keydown', onKey, true));

  return (
    <Show when={open()}>
      <Dialog title={ctx.t('a11y.switcher.title')} testId="switcher" class="switcher" closeLabel={ctx.t('a11y.close')} closeIcon onClose={close} initialFocus={() => input}>
          <input
            ref={input}
            data-testid="switcher-input"
            role="combobox"
            aria-label={ctx.t('c360.sw.placeholder')}
            aria-autocomplete="list"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={items().length ? `${listId}-${active()}` : undefined}
            placeholder={ctx.t('c360.sw.placeholder')}
            value={query()}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') (e.preventDefault(), setActive((a) => Math.min(items().length - 1, a + 1)));
              else if (e.key === 'ArrowUp') (e.preventDefault(), setActive((a) => Math.max(0, a - 1)));
              else if (e.key === 'Enter') (e.preventDefault(), choose(items()[active()]));
              else if (e.key === 'Escape') (e.preventDefault(), close());
            }}
          />
          <ul class="switcher-list" role="listbox" id={listId} aria-label={ctx.t('c360.sw.placeholder')}>
            <For each={items()}>
              {(i, k) => (
                <li
                  id={`${listId}-${k()}`}
                  role="option"
                  aria-selected={k() === active()}
                  classList={{ active: k() === active() }}
                  data-testid={i.kind === 'customer' ? 'switcher-customer' : 'switcher-view'}
                  data-id={i.id}
                  onMouseEnter={() => setActive(k())}
                  onClick={() => choose(i)}
                >
                  <span class="switcher-kind">{i.kind === 'customer' ? ctx.t('c360.sw.customers') : ctx.t('c360.sw.views')}</span>
                  <span class="switcher-label">{i.label}</span>
                  <small>{i.detail}</small>
                </li>
              )}
            </For>
          </ul>
          <Show when={items().length === 0}>
            <p class="c360-muted">{ctx.t('c360.sw.none')}</p>
          </Show>
          <p class="switcher-hint">{ctx.t('c360.sw.hint')}</p>
      </Dialog>
    </Show>
  );
}
