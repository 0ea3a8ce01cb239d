// Share (owners): invitation links with a role, the person's name (their identity in the
// app) and an expiry; the active links with their last use; revoke (the person is cut off
// at once).
import { createResource, createSignal, For, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { workspaceApi, type NewLink, type Role } from './api.js';
import { apiMessage } from './api-message.js';
import { Dialog } from '../ui/Dialog.js';
import { when } from '../history/describe.js';

const EXPIRIES = [1, 7, 30, 90, 365];

export function ShareDialog(props: { ctx: AppContext; token: string; ownLinkId: string | null; onClose(): void }) {
  const ctx = props.ctx;
  const t = ctx.t;
  const api = workspaceApi(props.token);
  const [links, { refetch }] = createResource(() => api.listLinks(ctx.workbookId));
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<Role>('editor');
  const [days, setDays] = createSignal(30);
  const [created, setCreated] = createSignal<NewLink | null>(null);
  const [copied, setCopied] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!name().trim()) return setError(t('share.nameRequired'));
    try {
      setCreated(await api.createLink(ctx.workbookId, { name: name().trim(), role: role(), expiresInDays: days() }));
      setCopied(false);
      setName('');
      await refetch();
    } catch (err) {
      setError(apiMessage(ctx.lang(), err));
    }
  };
  const revoke = async (id: string, who: string) => {
    if (!confirm(t('share.confirmRevoke', { name: who }))) return;
    setError(null);
    try {
      await api.revokeLink(ctx.workbookId, id);
      if (created()?.link.id === id) setCreated(null);
      await refetch();
    } catch (err) {
      setError(apiMessage(ctx.lang(), err));
    }
  };
  const roleLabel = (r: Role) => t(`role.${r}`);

  return (
    <Dialog title={t('share.title', { id: ctx.workbookId })} testId="share-dialog" closeLabel={t('share.close')} onClose={props.onClose}>
      <form class="form-row" onSubmit={create}>
        <label>
          {t('share.name')}
          <input data-testid="share-name" maxLength={80} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('share.role')}
          <select data-testid="share-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={['editor', 'viewer', 'owner'] as Role[]}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </label>
        <label>
          {t('share.expires')}
          <select data-testid="share-expires" value={days()} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <For each={EXPIRIES}>{(d) => <option value={d}>{t('share.days', { n: d })}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary" data-testid="share-create">{t('share.create')}</button>
      </form>
      <Show when={error()}>
        <p class="error" role="alert" data-testid="share-error">{error()}</p>
      </Show>
      <Show when={created()}>
        {(c) => (
          <div>
            <p>{t('share.created', { name: c().link.name })}</p>
            <div class="link-box">
              <input readOnly value={c().url} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                data-testid="share-copy"
                onClick={async () => {
                  try { await navigator.clipboard.writeText(c().url); setCopied(true); } catch { /* the field is selectable */ }
                }}
              >
                {copied() ? t('share.copied') : t('share.copy')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <h3>{t('share.active')}</h3>
      <Show when={!links.error} fallback={<p class="error">{apiMessage(ctx.lang(), links.error)}</p>}>
        <ul class="people-list" data-testid="share-links">
          <For each={links() ?? []}>
            {(l) => (
              <li data-testid="share-link-row" data-name={l.name}>
                <b>{l.name || '—'}</b>
                <span class="role-badge">{roleLabel(l.role)}</span>
                <span class="meta" data-testid="share-last-used">
                  {l.lastUsedAt ? t('share.lastUsed', { when: when(l.lastUsedAt, ctx.fmt.locale) }) : t('share.neverUsed')}
                  {' · '}
                  {t('share.expiresOn', { when: when(l.expiresAt, ctx.fmt.locale) })}
                </span>
                <span class="spacer" style={{ flex: 1 }} />
                <Show when={l.id === props.ownLinkId}><span class="meta">{t('share.you')}</span></Show>
                <button type="button" data-testid="share-revoke" onClick={() => void revoke(l.id, l.name)}>{t('share.revoke')}</button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Dialog>
  );
}
