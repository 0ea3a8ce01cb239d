// The workbook's activity: every recorded change, newest first, filterable by person, table
// and date range, with "show older" paging.
import { createResource, createSignal, For, Show } from 'solid-js';
import { tableNames } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { workspaceApi, type HistoryEntry } from '../workspace/api.js';
import { apiMessage } from '../workspace/api-message.js';
import { Dialog } from '../ui/Dialog.js';
import { EntryList } from './EntryList.js';
import { tableLabel } from './describe.js';

const PAGE = 100;

export function ActivityFeed(props: { ctx: AppContext; token: string; onClose(): void }) {
  const ctx = props.ctx;
  const t = ctx.t;
  const [by, setBy] = createSignal('');
  const [table, setTable] = createSignal('');
  const [since, setSince] = createSignal('');
  const [until, setUntil] = createSignal('');
  const [older, setOlder] = createSignal<HistoryEntry[]>([]);
  const api = workspaceApi(props.token);
  // Dates are the person's local days: from 00:00 of `since` to the end of `until`.
  const dayStart = (d: string) => (d ? String(new Date(`${d}T00:00:00`).getTime()) : undefined);
  const dayEnd = (d: string) => (d ? String(new Date(`${d}T00:00:00`).getTime() + 86_400_000) : undefined);
  const query = () => ({ by: by() || undefined, table: table() || undefined, since: dayStart(since()), until: dayEnd(until()), limit: PAGE });
  const [data] = createResource(query, (q) => { setOlder([]); return api.history(ctx.workbookId, q); });
  const [authors] = createResource(async () => (await api.history(ctx.workbookId, { limit: 1 })).authors);
  const all = () => [...(data()?.entries ?? []), ...older()];
  const more = async () => {
    const last = all()[all().length - 1];
    if (!last) return;
    const q = { ...query(), before: last.id };
    const r = await api.history(ctx.workbookId, q);
    setOlder([...older(), ...r.entries]);
  };
  return (
    <Dialog title={t('activity.title')} testId="activity-feed" closeLabel={t('share.close')} onClose={props.onClose}>
      <div class="form-row">
        <label>
          {t('activity.person')}
          <select data-testid="activity-person" value={by()} onChange={(e) => setBy(e.currentTarget.value)}>
            <option value="">{t('activity.all')}</option>
            <For each={authors() ?? []}>{(a) => <option value={a}>{a}</option>}</For>
          </select>
        </label>
        <label>
          {t('activity.table')}
          <select data-testid="activity-table" value={table()} onChange={(e) => setTable(e.currentTarget.value)}>
            <option value="">{t('activity.all')}</option>
            <For each={tableNames}>{(n) => <option value={n}>{tableLabel(n, ctx.lang())}</option>}</For>
          </select>
        </label>
        <label>
          {t('activity.since')}
          <input type="date" data-testid="activity-since" value={since()} onChange={(e) => setSince(e.currentTarget.value)} />
        </label>
        <label>
          {t('activity.until')}
          <input type="date" data-testid="activity-until" value={until()} onChange={(e) => setUntil(e.currentTarget.value)} />
        </label>
      </div>
      <Show when={!data.error} fallback={<p class="error">{apiMessage(ctx.lang(), data.error)}</p>}>
        <Show when={all().length > 0} fallback={<p class="placeholder">{data.loading ? t('history.loading') : t('history.empty')}</p>}>
          <EntryList ctx={ctx} entries={all()} showRow />
          <Show when={(data()?.entries.length ?? 0) === PAGE}>
            <button type="button" data-testid="activity-more" onClick={() => void more()}>{t('activity.more')}</button>
          </Show>
        </Show>
      </Show>
    </Dialog>
  );
}
