// Versions (owners): the daily snapshots and named versions; save one; preview one (the
// whole app read-only as of it); restore one — first showing what it brings back and which
// rows written since it would be removed, then writing it as ordinary changes.
import { createResource, createSignal, For, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { workspaceApi, type RestorePlan, type VersionInfo } from './api.js';
import { translate } from '../i18n/catalog.js';
import { apiMessage } from './api-message.js';
import { Dialog } from '../ui/Dialog.js';
import { when, tableLabel } from '../history/describe.js';

export const versionName = (v: VersionInfo, lang: AppContext['lang']) => (v.kind === 'daily' ? translate(lang(), 'versions.daily', { day: v.day ?? '' }) : v.name);

export function VersionsDialog(props: { ctx: AppContext; token: string; onClose(): void }) {
  const ctx = props.ctx;
  const t = ctx.t;
  const api = workspaceApi(props.token);
  const [versions, { refetch }] = createResource(() => api.listVersions(ctx.workbookId));
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [planFor, setPlanFor] = createSignal<{ v: VersionInfo; plan: RestorePlan } | null>(null);

  const guard = async (fn: () => Promise<void>) => {
    setError(null);
    try { await fn(); } catch (e) { setError(apiMessage(ctx.lang(), e)); }
  };
  const save = (e: Event) => {
    e.preventDefault();
    if (!name().trim()) return;
    void guard(async () => { await api.saveVersion(ctx.workbookId, name().trim()); setName(''); await refetch(); });
  };
  const askRestore = (v: VersionInfo) => guard(async () => {
    setDone(null);
    setPlanFor({ v, plan: await api.restore(ctx.workbookId, v.id, { dryRun: true }) });
  });
  const confirmRestore = () => guard(async () => {
    const p = planFor()!;
    // Only the rows shown are removed: a row written since the plan was made is kept.
    const r = await api.restore(ctx.workbookId, p.v.id, { confirmRemovals: p.plan.removes.map((x) => `${x.table}/${x.id}`) });
    setPlanFor(null);
    setDone(t('versions.done', { name: r.savedBefore?.name ?? '' }));
    await refetch();
  });

  return (
    <Dialog title={t('versions.title', { id: ctx.workbookId })} testId="versions-dialog" closeLabel={t('share.close')} onClose={props.onClose}>
      <form class="form-row" onSubmit={save}>
        <input data-testid="version-name" maxLength={80} placeholder={t('versions.namePlaceholder')} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="primary" data-testid="version-save" disabled={!name().trim()}>{t('versions.save')}</button>
      </form>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={done()}><p class="ok" role="status" data-testid="version-done">{done()}</p></Show>
      <Show when={planFor()}>
        {(p) => (
          <div class="card" data-testid="restore-plan">
            <p>{t('versions.plan', { name: versionName(p().v, ctx.lang), inserts: p().plan.inserts, updates: p().plan.updates })}</p>
            <Show when={p().plan.removes.length > 0}>
              <p>{t('versions.removes', { n: p().plan.removes.length })}</p>
              <ul class="removes" data-testid="restore-removes">
                <For each={p().plan.removes}>{(r) => <li>{tableLabel(r.table, ctx.lang())}: {r.label}</li>}</For>
              </ul>
            </Show>
            <p>
              <button type="button" class="primary" data-testid="restore-confirm" onClick={() => void confirmRestore()}>{t('versions.confirm')}</button>{' '}
              <button type="button" onClick={() => setPlanFor(null)}>{t('home.cancel')}</button>
            </p>
          </div>
        )}
      </Show>
      <Show when={(versions()?.length ?? 0) > 0} fallback={<p class="placeholder">{versions.loading ? t('history.loading') : t('versions.empty')}</p>}>
        <ul class="people-list" data-testid="versions-list">
          <For each={versions()}>
            {(v) => (
              <li data-testid="version-row" data-name={v.name}>
                <b>{versionName(v, ctx.lang)}</b>
                <span class="meta">{when(v.at, ctx.fmt.locale)}{v.by ? ` · ${v.by}` : ''}</span>
                <span class="spacer" style={{ flex: 1 }} />
                <a href={`/w/${ctx.workbookId}?version=${v.id}`} target="_blank" rel="noopener" data-testid="version-preview">{t('versions.preview')}</a>
                <button type="button" data-testid="version-restore" onClick={() => void askRestore(v)}>{t('versions.restore')}</button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Dialog>
  );
}
