// Customer 360: one page per customer at /w/<workbook>/c/<customerId>. It lies over the
// view the person came from (which stays mounted, so the browser's back button finds its
// scroll, filters and selection as they were). Data: see data.ts.
import { createEffect, on, onCleanup, onMount, Show } from 'solid-js';
import { dialogOpen } from '../ui/Dialog.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { customerPageData } from './data.js';
import { Header } from './Header.js';
import { MetricsBlock } from './MetricsBlock.js';
import { HealthBlock } from './HealthBlock.js';
import { RevenueBlock } from './RevenueBlock.js';
import { Timeline } from './Timeline.js';
import { Tasks } from './Tasks.js';
import { Contacts } from './Contacts.js';
import { HistoryBlock } from './HistoryBlock.js';
import './c360.css';

export function Customer360(p: { ctx: AppContext; presence: Presence; id: string; localReady: () => boolean; onBack: () => void }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const d = customerPageData(ctx, p.id, p.localReady);
  const gone = () => d.state() === 'removed' || d.state() === 'missing';
  let root!: HTMLDivElement;
  let back!: HTMLButtonElement;
  // Keyboard: the page takes the focus (on "back"); Esc goes back; closing gives the focus back
  // to what opened the page (the grid cell, the list row).
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented || dialogOpen()) return;
    if ((e.target as HTMLElement | null)?.closest?.('input, select, textarea')) return;
    e.preventDefault();
    p.onBack();
  };
  onMount(() => {
    // Before the first paint: the view under the page is skipped by rendering (App.tsx), so
    // the style and layout pass the focus asks for is the page's own, which that paint needs
    // anyway. Not if the person already moved the focus into the page.
    const at = document.activeElement;
    if (at === null || at === document.body || at === opener) back.focus({ preventScroll: true });
    document.addEventListener('keydown', onKey);
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    queueMicrotask(() => opener?.isConnected && opener.focus());
  });
  // Each customer's page starts at its top; the name is the document's title.
  createEffect(on(() => p.id, () => root && (root.scrollTop = 0)));
  createEffect(() => {
    const name = d.row()?.name;
    document.title = typeof name === 'string' && name ? `${name} · Pulso` : 'Pulso';
  });
  return (
    <div class="c360" ref={root} data-testid="customer-360" data-customer={p.id} data-state={d.state()}>
      <div class="c360-bar">
        <button type="button" class="c360-back" data-testid="c360-back" ref={back} onClick={() => p.onBack()}>
          ← {ctx.t('c360.back')}
        </button>
      </div>
      <Show when={gone()}>
        <div class="banner warn" role="alert" data-testid="c360-removed" data-reason={d.state()}>
          {d.state() === 'removed' ? ctx.t('c360.removed') : ctx.t('c360.notFound', { id: p.id })}
        </div>
      </Show>
      <Show when={d.error()}>
        <p class="c360-error" role="alert">{d.error()}</p>
      </Show>
      <Show when={d.row()}>
        <Header ctx={ctx} presence={p.presence} id={p.id} row={d.row()} metrics={d.metrics()} disabled={gone()} />
      </Show>
      <Show when={!gone()}>
        <Show when={d.metrics()} fallback={<p class="placeholder" data-testid="c360-loading">{ctx.t('c360.loading')}</p>}>
          {(m) => <MetricsBlock ctx={ctx} metrics={m()} />}
        </Show>
        <div class="c360-columns">
          <div class="c360-main">
            {/* Mounted with the worker's data: the click paints header and metrics first. */}
            <Show when={d.metrics() && d.view()}>{(_) => <HealthBlock ctx={ctx} metrics={d.metrics()!} view={d.view()} long={d.health()} />}</Show>
            <Show when={d.view()}>{(v) => <Timeline ctx={ctx} items={v().timeline} />}</Show>
            <HistoryBlock ctx={ctx} customerId={p.id} />
          </div>
          <div class="c360-side">
            <Show when={d.view()}>
              {(v) => (
                <>
                  <Tasks ctx={ctx} presence={p.presence} customerId={p.id} tasks={v().tasks} disabled={gone()} />
                  <Contacts ctx={ctx} presence={p.presence} customerId={p.id} contacts={v().contacts} metrics={d.metrics()} disabled={gone()} />
                  <Show when={d.metrics()}>{(m) => <RevenueBlock ctx={ctx} metrics={m()} view={v()} />}</Show>
                </>
              )}
            </Show>
          </div>
        </div>
      </Show>
    </div>
  );
}
