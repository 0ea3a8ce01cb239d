// The workspace's controls in the workbook's top bar (home, Share, Activity, Versions), the
// row context menu and the dialogs they open; and the banner of a version preview.
import { createSignal, Show } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { AppContext } from '../app-context.js';
import { workspaceSession, currentPreview } from './session.js';
import { ShareDialog } from './ShareDialog.js';
import { VersionsDialog, versionName } from './VersionsDialog.js';
import { ActivityFeed } from '../history/ActivityFeed.js';
import { RowHistory } from '../history/RowHistory.js';
import { closeRowMenu, rowHistoryTarget, rowMenu, showRowHistory } from '../history/row-menu.js';
import { when } from '../history/describe.js';

/** The token's id (jti), to mark "this link" in the Share dialog. */
function tokenId(token: string | null): string | null {
  try {
    const p = JSON.parse(atob(token!.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { jti?: unknown };
    return typeof p.jti === 'string' ? p.jti : null;
  } catch {
    return null;
  }
}

export function WorkspaceBar(props: { ctx: AppContext }) {
  const ctx = props.ctx;
  const t = ctx.t;
  const [open, setOpen] = createSignal<'share' | 'activity' | 'versions' | null>(null);
  const s = workspaceSession;
  const token = () => s().token;
  const isOwner = () => s().role === 'owner' && !currentPreview();
  const closeMenuOnClick = () => closeRowMenu();
  window.addEventListener('click', closeMenuOnClick);
  return (
    <>
      <a href="/" class="icon" title={t('home.title')} data-testid="home-link">⌂</a>
      <Show when={token() && !currentPreview()}>
        <button type="button" data-testid="open-activity" onClick={() => setOpen('activity')}>{t('activity.button')}</button>
      </Show>
      <Show when={isOwner()}>
        <button type="button" data-testid="open-versions" onClick={() => setOpen('versions')}>{t('versions.button')}</button>
        <button type="button" class="primary" style={{ padding: '4px 12px' }} data-testid="open-share" onClick={() => setOpen('share')}>{t('share.button')}</button>
      </Show>
      <Portal>
        <Show when={rowMenu()}>
          {(m) => (
            <div
              class="row-menu"
              role="menu"
              aria-label={t('menu.history')}
              data-testid="row-menu"
              style={{ left: `${m().x}px`, top: `${m().y}px` }}
              onClick={(e) => e.stopPropagation()}
              onKeyDown={(e) => (e.key === 'Escape' || e.key === 'Tab') && (e.preventDefault(), closeRowMenu())}
            >
              <button type="button" role="menuitem" data-testid="row-menu-history" disabled={!token()} ref={(el) => queueMicrotask(() => el.focus())} onClick={() => showRowHistory({ table: m().table, rowId: m().rowId })}>
                {t('menu.history')}
              </button>
            </div>
          )}
        </Show>
        <Show when={rowHistoryTarget() && token()}>
          <RowHistory ctx={ctx} token={token()!} target={rowHistoryTarget()!} onClose={() => showRowHistory(null)} />
        </Show>
        <Show when={open() === 'share' && token()}>
          <ShareDialog ctx={ctx} token={token()!} ownLinkId={tokenId(token())} onClose={() => setOpen(null)} />
        </Show>
        <Show when={open() === 'versions' && token()}>
          <VersionsDialog ctx={ctx} token={token()!} onClose={() => setOpen(null)} />
        </Show>
        <Show when={open() === 'activity' && token()}>
          <ActivityFeed ctx={ctx} token={token()!} onClose={() => setOpen(null)} />
        </Show>
      </Portal>
    </>
  );
}

/** Shown under the top bar in a version preview. */
export function PreviewBanner(props: { ctx: AppContext }) {
  const p = currentPreview();
  if (!p) return null;
  return (
    <div class="banner info" data-testid="preview-banner" role="status">
      {props.ctx.t('versions.previewBanner', { name: versionName(p.info, props.ctx.lang), when: when(p.info.at, props.ctx.fmt.locale) })}{' '}
      <a href={`/w/${props.ctx.workbookId}`} data-testid="preview-close">{props.ctx.t('versions.closePreview')}</a>
    </div>
  );
}
