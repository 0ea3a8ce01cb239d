// A modal dialog: backdrop click and Escape close it.
import { onCleanup, onMount, type JSX } from 'solid-js';

export function Dialog(props: { title: string; testId: string; closeLabel: string; onClose(): void; children: JSX.Element }) {
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') props.onClose(); };
  onMount(() => window.addEventListener('keydown', onKey));
  onCleanup(() => window.removeEventListener('keydown', onKey));
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label={props.title} data-testid={props.testId}>
        <div class="dialog-head">
          <h2>{props.title}</h2>
          <span class="spacer" />
          <button type="button" data-testid="dialog-close" onClick={() => props.onClose()}>{props.closeLabel}</button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
