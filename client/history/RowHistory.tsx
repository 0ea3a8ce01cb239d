// One row's history, newest first (right-click a row → History).
import { createResource, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { workspaceApi } from '../workspace/api.js';
import { apiMessage } from '../workspace/api-message.js';
import { Dialog } from '../ui/Dialog.js';
import type { RowTarget } from './row-menu.js';
import { EntryList } from './EntryList.js';

export function RowHistory(props: { ctx: AppContext; token: string; target: RowTarget; onClose(): void }) {
  const ctx = props.ctx;
  const [data] = createResource(() => workspaceApi(props.token).history(ctx.workbookId, { table: props.target.table, row: props.target.rowId, limit: 500 }));
  const row = () => {
    const r = ctx.workbook.get(props.target.table, props.target.rowId) as Record<string, unknown> | undefined;
    return String(r?.name ?? r?.title ?? props.target.rowId);
  };
  return (
    <Dialog title={ctx.t('history.title', { row: row() })} testId="row-history" closeLabel={ctx.t('share.close')} onClose={props.onClose}>
      <Show when={!data.loading} fallback={<p class="placeholder">{ctx.t('history.loading')}</p>}>
        <Show when={!data.error} fallback={<p class="error">{apiMessage(ctx.lang(), data.error)}</p>}>
          <Show when={(data()?.entries.length ?? 0) > 0} fallback={<p class="placeholder">{ctx.t('history.empty')}</p>}>
            <EntryList ctx={ctx} entries={data()!.entries} />
          </Show>
        </Show>
      </Show>
    </Dialog>
  );
}
