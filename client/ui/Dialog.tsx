// The app's one modal dialog (every dialog uses it): role=dialog, aria-modal and a title that
// names it (aria-labelledby); it takes focus when it opens, keeps Tab and Shift+Tab inside,
// closes on Esc (only the topmost of stacked dialogs) and on a backdrop click, and gives focus
// back to what had it before (the button that opened it) when it closes.
import { children, createUniqueId, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import './dialog.css';

export interface DialogProps {
  title: JSX.Element;
  testId: string;
  /** The close button's text (or its accessible name with `closeIcon`). */
  closeLabel: string;
  onClose(): void;
  children: JSX.Element;
  /** Draw the close button as "×" (named by closeLabel) instead of the text. */
  closeIcon?: boolean;
  closeTestId?: string;
  /** Extra class of the panel (size and layout of this dialog). */
  class?: string;
  /** A backdrop click closes the dialog unless false (a half-done import is not thrown away by a stray click). */
  closeOnBackdrop?: boolean;
  /** Focused on open; default the first control after the title bar, else the close button. */
  initialFocus?: () => HTMLElement | undefined;
  /** Shown under the content, outside its scrolling area (actions). */
  footer?: JSX.Element;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: Esc and the focus trap belong to the last one. */
const stack: HTMLElement[] = [];
/** True while a dialog is open (the app's own shortcuts then stand aside). */
export const dialogOpen = () => stack.length > 0;

const focusables = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]') && el.getClientRects().length > 0);

export function Dialog(props: DialogProps) {
  const titleId = createUniqueId();
  let panel!: HTMLDivElement;
  let body!: HTMLDivElement;
  let closeButton!: HTMLButtonElement;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const top = () => stack[stack.length - 1] === panel;
  const footer = children(() => props.footer);

  const onKey = (e: KeyboardEvent) => {
    if (!top()) return;
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      e.stopPropagation();
      props.onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = focusables(panel);
    if (!items.length) return e.preventDefault();
    const first = items[0], last = items[items.length - 1];
    const at = document.activeElement;
    if (e.shiftKey && (at === first || !panel.contains(at))) (e.preventDefault(), last.focus());
    else if (!e.shiftKey && (at === last || !panel.contains(at))) (e.preventDefault(), first.focus());
  };
  // Focus that lands outside (a click on the page behind, a script) comes back in.
  const onFocusIn = (e: FocusEvent) => {
    if (top() && e.target instanceof Node && !panel.contains(e.target)) (focusables(panel)[0] ?? panel).focus();
  };

  onMount(() => {
    stack.push(panel);
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocusIn);
    // Content without a control of its own (the help) is made focusable itself, so the keyboard can scroll it.
    const first = focusables(body)[0];
    if (!first) body.tabIndex = 0;
    (props.initialFocus?.() ?? first ?? body).focus();
  });
  onCleanup(() => {
    stack.splice(stack.indexOf(panel), 1);
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('focusin', onFocusIn);
    // Back to the opener, if it is still on the page (after the dialog is gone from it).
    queueMicrotask(() => opener?.isConnected && opener.focus());
  });

  return (
    <Portal>
      <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && props.closeOnBackdrop !== false && props.onClose()}>
        <div
          ref={panel}
          class={`dialog${props.class ? ` ${props.class}` : ''}`}
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          tabIndex={-1}
          data-testid={props.testId}
        >
          <div class="dialog-head">
            <h2 id={titleId}>{props.title}</h2>
            <span class="spacer" />
            <button
              ref={closeButton}
              type="button"
              class={props.closeIcon ? 'icon' : undefined}
              data-testid={props.closeTestId ?? 'dialog-close'}
              aria-label={props.closeIcon ? props.closeLabel : undefined}
              title={props.closeIcon ? props.closeLabel : undefined}
              onClick={() => props.onClose()}
            >
              {props.closeIcon ? '×' : props.closeLabel}
            </button>
          </div>
          <div class="dialog-body" ref={body}>
            {props.children}
          </div>
          <Show when={footer()}>
            <div class="dialog-foot">{footer()}</div>
          </Show>
        </div>
      </div>
    </Portal>
  );
}
