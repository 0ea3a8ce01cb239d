// The app's main tabs (dashboard, one per table, settings) as a WAI-ARIA tablist: one tab stop
// (roving tabindex on the selected tab); ←/→ move the focus (wrapping), Home/End go to the ends,
// Enter or Space opens the focused tab. Opening is manual, not on focus: a sheet of a large
// workbook takes a moment to build, and arrowing past it should not build it.
import { For } from 'solid-js';
import type { SheetId } from './app-context.js';

export const tabId = (s: SheetId) => `tab-${s}`;

export function Tabs(props: {
  tabs: SheetId[];
  label: (s: SheetId) => string;
  selected: SheetId;
  ariaLabel: string;
  /** The id of the one tabpanel every tab controls. */
  panelId: string;
  onOpen: (s: SheetId) => void;
}) {
  let list!: HTMLDivElement;
  const move = (e: KeyboardEvent) => {
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to =
      e.key === 'ArrowRight' ? (at + 1) % buttons.length
      : e.key === 'ArrowLeft' ? (at - 1 + buttons.length) % buttons.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? buttons.length - 1
      : -1;
    if (to < 0) return;
    e.preventDefault();
    buttons[to].focus();
    buttons[to].scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.ariaLabel} aria-orientation="horizontal" ref={list} onKeyDown={move}>
      <For each={props.tabs}>
        {(s) => (
          <button
            type="button"
            role="tab"
            id={tabId(s)}
            data-testid={`sheet-${s}`}
            aria-selected={props.selected === s}
            aria-controls={props.panelId}
            tabIndex={props.selected === s ? 0 : -1}
            classList={{ active: props.selected === s }}
            onClick={() => props.onOpen(s)}
          >
            {props.label(s)}
          </button>
        )}
      </For>
    </div>
  );
}
