// The keyboard shortcuts, declared once: the help dialog (HelpDialog.tsx) shows this list and
// docs/client.md documents the same. A chord is keys pressed together; alternatives are "or".
import type { PlainKey as StringKey } from '../i18n/catalog.js';

/** A key's name as printed on the key; 'Space' is translated. */
export type Key = string;
export interface Shortcut { alternatives: Key[][]; action: StringKey }
export interface ShortcutSection { title: StringKey; items: Shortcut[] }

export const shortcuts: ShortcutSection[] = [
  {
    title: 'help.general',
    items: [
      { alternatives: [['?']], action: 'help.general.help' },
      { alternatives: [['Ctrl', 'K'], ['⌘', 'K']], action: 'help.general.switcher' },
      { alternatives: [['Ctrl', 'Z'], ['⌘', 'Z']], action: 'help.general.undo' },
      { alternatives: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], action: 'help.general.redo' },
      { alternatives: [['Esc']], action: 'help.general.escape' },
    ],
  },
  {
    title: 'help.tabs',
    items: [
      { alternatives: [['←'], ['→']], action: 'help.tabs.move' },
      { alternatives: [['Home'], ['End']], action: 'help.tabs.ends' },
      { alternatives: [['Enter'], ['Space']], action: 'help.tabs.open' },
    ],
  },
  {
    title: 'help.sheets',
    items: [
      { alternatives: [['← ↑ → ↓']], action: 'help.sheets.move' },
      { alternatives: [['Tab'], ['Shift', 'Tab']], action: 'help.sheets.leave' },
      { alternatives: [['Enter'], ['F2']], action: 'help.sheets.edit' },
      { alternatives: [['Enter']], action: 'help.sheets.save' },
      { alternatives: [['Space']], action: 'help.sheets.select' },
      { alternatives: [['Ctrl', 'Enter'], ['⌘', 'Enter']], action: 'help.sheets.customer' },
      { alternatives: [['Enter']], action: 'help.sheets.health' },
      { alternatives: [['Shift', 'F10'], ['≣']], action: 'help.sheets.menu' },
      { alternatives: [['Ctrl', 'C'], ['Ctrl', 'V']], action: 'help.sheets.copy' },
      { alternatives: [['Enter']], action: 'help.sheets.header' },
    ],
  },
  {
    title: 'help.dashboard',
    items: [
      { alternatives: [['Enter']], action: 'help.dashboard.drill' },
      { alternatives: [['Enter']], action: 'help.dashboard.row' },
    ],
  },
  {
    title: 'help.customer',
    items: [{ alternatives: [['Esc'], ['Alt', '←']], action: 'help.customer.back' }],
  },
];

/** True when a key press is the help key: "?" typed outside text fields and grid cells (there it is text). */
export function isHelpKey(e: KeyboardEvent): boolean {
  if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as HTMLElement | null;
  return !target?.closest?.('input, textarea, select, [contenteditable="true"], .ag-root-wrapper');
}
