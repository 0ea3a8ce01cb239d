// Settings → Integrations: API keys (list, create, revoke) and webhooks (register, remove,
// delivery log), through the server's API with this person's editor link token.
import { createResource, createSignal, For, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { storedToken } from '../session/token.js';

const EVENTS = ['customer.situation_changed', 'customer.health_band_changed', 'customer.renewal_upcoming', 'invoice.overdue'] as const;
type WebhookEvent = (typeof EVENTS)[number];

interface KeyInfo { id: string; name: string; scope: 'read' | 'write'; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
interface Hook { id: string; url: string; events: string[]; renewalDays: number; createdAt: string }
interface Delivery { id: string; event: string; status: 'pending' | 'delivered' | 'failed'; attempts: number; lastStatusCode: number | null; lastError: string | null; createdAt: string; webhookId: string }

export function IntegrationsPanel(props: { ctx: AppContext }) {
  const { ctx } = props;
  const t = ctx.t;
  const base = `/api/v1/workbooks/${encodeURIComponent(ctx.workbookId)}`;
  const token = storedToken(ctx.workbookId, localStorage);
  const [error, setError] = createSignal<string | null>(null);
  const [newKey, setNewKey] = createSignal<string | null>(null);
  const [newSecret, setNewSecret] = createSignal<string | null>(null);

  async function call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (!res.ok) {
        setError(t('int.refused', { message: json?.error?.message ?? String(res.status) }));
        return null;
      }
      setError(null);
      return json as T;
    } catch (e) {
      setError(t('int.offline', { message: (e as Error).message }));
      return null;
    }
  }

  // Viewers and token-less browsers never call (the server would refuse them anyway).
  const canManage = !ctx.readOnly && !!token;
  const [keys, { refetch: refetchKeys }] = createResource(() => canManage || undefined, async () => (await call<{ keys: KeyInfo[] }>('GET', '/keys'))?.keys ?? []);
  const [hooks, { refetch: refetchHooks }] = createResource(() => canManage || undefined, async () => (await call<{ webhooks: Hook[] }>('GET', '/webhooks'))?.webhooks ?? []);
  const [log, { refetch: refetchLog }] = createResource(() => canManage || undefined, async () => (await call<{ deliveries: Delivery[] }>('GET', '/webhooks/deliveries?limit=20'))?.deliveries ?? []);

  const [keyName, setKeyName] = createSignal('');
  const [keyScope, setKeyScope] = createSignal<'read' | 'write'>('write');
  const createKey = async () => {
    const r = await call<{ key: string }>('POST', '/keys', { name: keyName().trim(), scope: keyScope() });
    if (r) { setNewKey(r.key); setKeyName(''); refetchKeys(); }
  };
  const revoke = async (k: KeyInfo) => {
    if (!confirm(t('int.confirmRevoke', { name: k.name }))) return;
    if (await call('DELETE', `/keys/${encodeURIComponent(k.id)}`)) refetchKeys();
  };

  const [hookUrl, setHookUrl] = createSignal('');
  const [hookEvents, setHookEvents] = createSignal<string[]>([...EVENTS]);
  const [hookDays, setHookDays] = createSignal(30);
  const addHook = async () => {
    const r = await call<{ secret: string }>('POST', '/webhooks', { url: hookUrl().trim(), events: hookEvents(), renewalDays: hookDays() });
    if (r) { setNewSecret(r.secret); setHookUrl(''); refetchHooks(); }
  };
  const removeHook = async (h: Hook) => {
    if (await call('DELETE', `/webhooks/${encodeURIComponent(h.id)}`)) { refetchHooks(); refetchLog(); }
  };
  const when = (iso: string | null) => (iso ? ctx.fmt.dateTime(Date.parse(iso)) : t('int.never'));

  return (
    <fieldset class="integrations" data-testid="integrations">
      <legend>{t('int.title')}</legend>
      <p class="hint">{t('int.intro')}<a href="/api/docs" target="_blank" rel="noopener">/api/docs</a></p>
      <Show when={canManage} fallback={<p class="hint">{t('int.editorsOnly')}</p>}>
        <Show when={error()}>{(e) => <p class="error" role="alert" data-testid="integrations-error">{e()}</p>}</Show>
        <h3>{t('int.keys')}</h3>
        <Show when={newKey()}>
          {(k) => (
            <p class="ok" role="status" data-testid="new-key">{t('int.newKey')} <code>{k()}</code></p>
          )}
        </Show>
        <Show when={(keys() ?? []).length > 0} fallback={<p class="hint">{t('int.noKeys')}</p>}>
          <table data-testid="api-keys">
            <thead><tr><th>{t('int.name')}</th><th>{t('int.scope')}</th><th>{t('int.created')}</th><th>{t('int.lastUsed')}</th><th /></tr></thead>
            <tbody>
              <For each={keys()}>
                {(k) => (
                  <tr classList={{ revoked: !!k.revokedAt }}>
                    <td>{k.name}</td>
                    <td>{t(`int.scope.${k.scope}`)}</td>
                    <td>{when(k.createdAt)}</td>
                    <td>{when(k.lastUsedAt)}</td>
                    <td>
                      <Show when={!k.revokedAt} fallback={t('int.revoked')}>
                        <button type="button" onClick={() => revoke(k)}>{t('int.revoke')}</button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        <div class="row">
          <label>{t('int.name')}<input data-testid="key-name" placeholder={t('int.namePlaceholder')} value={keyName()} onInput={(e) => setKeyName(e.currentTarget.value)} /></label>
          <label>{t('int.scope')}
            <select data-testid="key-scope" value={keyScope()} onChange={(e) => setKeyScope(e.currentTarget.value as 'read' | 'write')}>
              <option value="write">{t('int.scope.write')}</option>
              <option value="read">{t('int.scope.read')}</option>
            </select>
          </label>
          <button type="button" data-testid="create-key" disabled={!keyName().trim()} onClick={createKey}>{t('int.create')}</button>
        </div>

        <h3>{t('int.webhooks')}</h3>
        <Show when={newSecret()}>{(s) => <p class="ok" role="status" data-testid="new-secret">{t('int.newSecret')} <code>{s()}</code></p>}</Show>
        <Show when={(hooks() ?? []).length > 0} fallback={<p class="hint">{t('int.noWebhooks')}</p>}>
          <table data-testid="webhooks">
            <thead><tr><th>{t('int.url')}</th><th>{t('int.events')}</th><th>{t('int.created')}</th><th /></tr></thead>
            <tbody>
              <For each={hooks()}>
                {(h) => (
                  <tr>
                    <td><code>{h.url}</code></td>
                    <td>{h.events.map((e) => t(`int.ev.${e as WebhookEvent}`)).join(', ')}</td>
                    <td>{when(h.createdAt)}</td>
                    <td><button type="button" onClick={() => removeHook(h)}>{t('int.remove')}</button></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        <div class="row">
          <label>{t('int.url')}<input data-testid="hook-url" type="url" placeholder="https://" value={hookUrl()} onInput={(e) => setHookUrl(e.currentTarget.value)} /></label>
          <For each={EVENTS}>
            {(ev) => (
              <label class="check">
                <input type="checkbox" checked={hookEvents().includes(ev)} onChange={(e) => setHookEvents(e.currentTarget.checked ? [...hookEvents(), ev] : hookEvents().filter((x) => x !== ev))} />
                {t(`int.ev.${ev}`)}
              </label>
            )}
          </For>
          <label>{t('int.renewalDays')}<input type="number" min="1" max="365" value={hookDays()} onChange={(e) => setHookDays(Number(e.currentTarget.value))} /></label>
          <button type="button" data-testid="add-webhook" disabled={!hookUrl().trim() || hookEvents().length === 0} onClick={addHook}>{t('int.addWebhook')}</button>
        </div>

        <h3>{t('int.deliveries')} <button type="button" onClick={() => refetchLog()}>↻</button></h3>
        <Show when={(log() ?? []).length > 0} fallback={<p class="hint">{t('int.noDeliveries')}</p>}>
          <table data-testid="deliveries">
            <thead><tr><th>{t('int.created')}</th><th>{t('int.events')}</th><th>{t('int.status')}</th><th>{t('int.attempts')}</th><th>{t('int.result')}</th></tr></thead>
            <tbody>
              <For each={log()}>
                {(d) => (
                  <tr>
                    <td>{when(d.createdAt)}</td>
                    <td>{t(`int.ev.${d.event as WebhookEvent}`)}</td>
                    <td>{t(`int.st.${d.status}`)}</td>
                    <td>{d.attempts}</td>
                    <td>{d.lastError ?? (d.lastStatusCode === null ? '—' : `HTTP ${d.lastStatusCode}`)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
    </fieldset>
  );
}
