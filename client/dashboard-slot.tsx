/// <reference types="vite/client" />
// Mounts the dashboard engineer's DashboardView (client/dashboard/) when it exists; the glob
// keeps the app building while it does not.
import { createResource, Show, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import type { AppContext } from './app-context.js';

type Mod = { DashboardView?: Component<{ ctx: AppContext }> };
const candidates = import.meta.glob<Mod>(['./dashboard/index.ts', './dashboard/index.tsx', './dashboard/DashboardView.tsx']);

export default function DashboardSlot(props: { ctx: AppContext }) {
  const [view] = createResource(async () => {
    for (const load of Object.values(candidates)) {
      const m = await load();
      if (m.DashboardView) return m.DashboardView;
    }
    return null;
  });
  return (
    <Show when={view()} fallback={<p class="placeholder" data-testid="dashboard-placeholder">{props.ctx.t('dashboard.placeholder')}</p>}>
      {(v) => <Dynamic component={v()} ctx={props.ctx} />}
    </Show>
  );
}
