// The app's home (/): the workbooks this browser holds links for and, for an owner, every
// workbook on the server; create (owners), rename (editors and owners), archive (owners).
import { createResource, createSignal, For, Show } from 'solid-js';
import type { Lang } from '../../core/index.js';
import { translator } from '../i18n/catalog.js';
import { workspaceApi, type WorkbookInfo, type Role } from './api.js';
import { heldLinks, holdLink, ownerLink, type HeldLink } from './held.js';
import { apiMessage } from './api-message.js';

interface Item { id: string; name: string; archivedAt: number | null; role: Role | null; held: HeldLink | null }

export function HomePage(props: { lang: Lang }) {
  const t = translator(() => props.lang);
  const [error, setError] = createSignal<string | null>(null);
  const [showArchived, setShowArchived] = createSignal(false);
  const [renaming, setRenaming] = createSignal<string | null>(null);
  const [newName, setNewName] = createSignal('');
  const held = () => heldLinks(localStorage);
  const owner = () => ownerLink(held());

  /** Every held link asks the server what it may list; an owner's answer is every workbook. */
  async function load(): Promise<Item[]> {
    const links = held();
    const byId = new Map<string, Item>();
    for (const l of links) byId.set(l.workbookId, { id: l.workbookId, name: l.workbookId, archivedAt: null, role: l.claims.role, held: l });
    const answers = await Promise.allSettled(links.map((l) => workspaceApi(l.token).listWorkbooks()));
    for (const a of answers) {
      if (a.status !== 'fulfilled') continue;
      for (const w of a.value as WorkbookInfo[]) {
        const cur = byId.get(w.id);
        byId.set(w.id, { id: w.id, name: w.name, archivedAt: w.archivedAt, role: cur?.role ?? null, held: cur?.held ?? null });
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  const [items, { refetch }] = createResource(load);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await refetch();
    } catch (e) {
      setError(apiMessage(props.lang, e));
    }
  };
  const apiFor = (item: Item) => workspaceApi((item.held ?? owner())!.token);

  async function open(item: Item) {
    if (!item.held) {
      // An owner opening a workbook this browser has no link for: a personal owner link.
      const o = owner();
      if (!o) return;
      const created = await workspaceApi(o.token).createLink(item.id, { name: o.claims.name ?? 'Owner', role: 'owner', expiresInDays: 30 });
      holdLink(localStorage, item.id, created.token);
    }
    location.assign(`/w/${item.id}`);
  }

  return (
    <div class="page" data-testid="home">
      <div class="page-head">
        <span class="brand">Pulso</span>
        <h1>{t('home.title')}</h1>
      </div>
      <Show when={error()}>
        <div class="banner error" role="alert" data-testid="home-error">{error()}</div>
      </Show>
      <div class="card">
        <Show when={owner()}>
          <form
            class="form-row"
            onSubmit={(e) => {
              e.preventDefault();
              const name = newName().trim();
              if (!name) return;
              void run(async () => {
                const r = await workspaceApi(owner()!.token).createWorkbook(name);
                holdLink(localStorage, r.workbook.id, r.link.token);
                setNewName('');
              });
            }}
          >
            <label>
              {t('home.create')}
              <input data-testid="new-workbook-name" placeholder={t('home.namePlaceholder')} maxLength={80} value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} />
            </label>
            <button type="submit" class="primary" data-testid="create-workbook" disabled={!newName().trim()}>{t('home.createButton')}</button>
            <span class="spacer" />
            <label style={{ 'flex-direction': 'row', 'align-items': 'center' }}>
              <input type="checkbox" data-testid="show-archived" checked={showArchived()} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
              {t('home.showArchived')}
            </label>
          </form>
        </Show>
        <Show when={!items.loading && (items() ?? []).length === 0}>
          <p class="placeholder" data-testid="home-empty">{t('home.empty')}</p>
        </Show>
        <ul class="wb-list" data-testid="workbook-list">
          <For each={(items() ?? []).filter((i) => showArchived() || !i.archivedAt)}>
            {(item) => (
              <li data-testid={`workbook-${item.id}`} classList={{ archived: !!item.archivedAt }}>
                <Show
                  when={renaming() === item.id}
                  fallback={
                    <div>
                      <div class="wb-name">{item.name}</div>
                      <div class="wb-meta">
                        {item.id}
                        {' · '}
                        {item.role ? t('home.role', { role: t(`role.${item.role}`) }) : t('home.noLink')}
                        {item.archivedAt ? ` · ${t('home.archived')}` : ''}
                      </div>
                    </div>
                  }
                >
                  <form
                    class="form-row"
                    style={{ margin: 0 }}
                    onSubmit={(e) => {
                      e.preventDefault();
                      const v = (e.currentTarget.elements.namedItem('name') as HTMLInputElement).value.trim();
                      if (v) void run(async () => { await apiFor(item).updateWorkbook(item.id, { name: v }); setRenaming(null); });
                    }}
                  >
                    <input name="name" data-testid="rename-input" value={item.name} maxLength={80} ref={(el) => setTimeout(() => el.select())} />
                    <button type="submit">{t('home.save')}</button>
                    <button type="button" onClick={() => setRenaming(null)}>{t('home.cancel')}</button>
                  </form>
                </Show>
                <span class="spacer" style={{ flex: 1 }} />
                <Show when={item.held || owner()}>
                  <button type="button" class="primary" data-testid={`open-${item.id}`} onClick={() => void run(() => open(item))}>{t('home.open')}</button>
                </Show>
                <Show when={(item.role === 'owner' || item.role === 'editor' || owner()) && renaming() !== item.id}>
                  <button type="button" data-testid={`rename-${item.id}`} onClick={() => setRenaming(item.id)}>{t('home.rename')}</button>
                </Show>
                <Show when={owner()}>
                  <button type="button" data-testid={`archive-${item.id}`} onClick={() => void run(() => apiFor(item).updateWorkbook(item.id, { archived: !item.archivedAt }))}>
                    {item.archivedAt ? t('home.unarchive') : t('home.archive')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  );
}
