// The customer's change history on its page (issue 13's "tab in the Customer 360 page"): who
// changed which field, old → new, newest first, with restore. Loaded when opened, so opening
// a customer's page costs the server nothing unless someone looks.
import { createResource, createSignal, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { workspaceApi } from '../workspace/api.js';
import { apiMessage } from '../workspace/api-message.js';
import { workspaceSession } from '../workspace/session.js';
import { EntryList } from '../history/EntryList.js';

export function HistoryBlock(p: { ctx: AppContext; customerId: string }) {
  const ctx = p.ctx;
  const [open, setOpen] = createSignal(false);
  const token = () => workspaceSession().token;
  const [data] = createResource(
    () => (open() && token() ? { token: token()!, id: p.customerId } : null),
    (q) => workspaceApi(q.token).history(ctx.workbookId, { table: 'customers', row: q.id, limit: 200 }),
  );
  return (
    <section class="c360-block c360-history" data-testid="c360-history" aria-labelledby="c360-history-title">
      <h2 id="c360-history-title">
        <button type="button" class="c360-disclosure" aria-expanded={open()} data-testid="c360-history-toggle" onClick={() => setOpen(!open())}>
          {ctx.t('c360.sec.history')}
        </button>
      </h2>
      <Show when={open()}>
        <Show when={token()} fallback={<p class="placeholder">{ctx.t('c360.history.noLink')}</p>}>
          <Show when={!data.loading} fallback={<p class="placeholder">{ctx.t('history.loading')}</p>}>
            <Show when={!data.error} fallback={<p class="error" role="alert">{apiMessage(ctx.lang(), data.error)}</p>}>
              <Show when={(data()?.entries.length ?? 0) > 0} fallback={<p class="placeholder">{ctx.t('history.empty')}</p>}>
                <EntryList ctx={ctx} entries={data()!.entries} />
              </Show>
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
