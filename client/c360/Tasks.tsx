// The customer's open tasks (activities not done by D), late ones first: add, complete
// (sets doneAt to the as-of date) and reassign or reschedule in place. Every write goes
// through the workbook (validated, undoable, synced) and comes back through the worker.
import { createSignal, For, Show } from 'solid-js';
import { issuesText, schema, type TaskLine, type ValidationIssue } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { InlineField } from './InlineField.js';

export function Tasks(p: { ctx: AppContext; presence: Presence; customerId: string; tasks: TaskLine[]; disabled: boolean }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const [title, setTitle] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const F = schema.activities.fields;
  const editable = () => !ctx.readOnly && !p.disabled;
  const report = (r: { ok: boolean; errors?: ValidationIssue[] }) => {
    setError(r.ok ? null : ctx.t('c360.invalid', { message: issuesText(r.errors ?? [], lang()) }));
    return r.ok;
  };
  const add = (e: Event) => {
    e.preventDefault();
    const t = title().trim();
    if (!t) return;
    const r = ctx.workbook.insert('activities', { customerId: p.customerId, title: t, owner: ctx.user(), dueDate: ctx.asOf() });
    if (report(r)) setTitle('');
  };
  const complete = (id: string) => report(ctx.workbook.update('activities', id, { doneAt: ctx.asOf() }));
  return (
    <section class="c360-block c360-tasks" data-testid="c360-tasks">
      <h2>{ctx.t('c360.sec.tasks')} <span class="dash-count">{p.tasks.length}</span></h2>
      <Show when={p.tasks.length > 0} fallback={<p class="c360-muted">{ctx.t('c360.task.none')}</p>}>
        <ul class="c360-list">
          <For each={p.tasks}>
            {(task) => (
              <li data-testid="c360-task" data-id={task.id} classList={{ late: task.late }}>
                <Show when={editable()}>
                  <button type="button" class="c360-check" data-testid="c360-task-complete" title={ctx.t('c360.task.complete')} aria-label={ctx.t('c360.task.complete')} onClick={() => complete(task.id)}>
                    ✓
                  </button>
                </Show>
                <InlineField ctx={ctx} presence={p.presence} table="activities" rowId={task.id} field="title" value={task.title} testid="c360-task-title" label={F.title.label[lang()]} disabled={p.disabled} />
                <InlineField ctx={ctx} presence={p.presence} table="activities" rowId={task.id} field="owner" value={task.owner} testid="c360-task-owner" label={ctx.t('c360.task.owner')} disabled={p.disabled} />
                <InlineField
                  ctx={ctx} presence={p.presence} table="activities" rowId={task.id} field="dueDate" value={task.dueDate} testid="c360-task-due" label={ctx.t('c360.task.due')} disabled={p.disabled}
                  display={(v) => (typeof v === 'string' ? ctx.fmt.date(v) : '—')}
                />
                <Show when={task.late}>
                  <span class="c360-mark mark-late">{ctx.t('c360.mark.late')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={editable()}>
        <form class="c360-add" onSubmit={add}>
          <input data-testid="c360-task-new" placeholder={ctx.t('c360.task.title')} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
          <button type="submit" data-testid="c360-task-add">+ {ctx.t('c360.task.add')}</button>
        </form>
      </Show>
      <Show when={error()}>
        <p class="c360-error" role="alert">{error()}</p>
      </Show>
    </section>
  );
}
