// The cell editor of number and money fields: a text input showing the value in the
// workbook locale's notation (4321,5 in pt-BR) and handing back the typed text as is; the
// sheet reads it with the same notation (number-input.ts) and refuses what it cannot read.
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';
import type { NumberNotation } from './number-input.js';

export interface NumberEditorParams extends ICellEditorParams {
  /** Read when editing starts: the workbook locale may change while the sheet is open. */
  notation: () => NumberNotation;
}

export class NumberEditor implements ICellEditorComp {
  private input = document.createElement('input');
  private startedByTyping = false;

  init(p: NumberEditorParams) {
    const el = this.input;
    el.type = 'text';
    el.inputMode = 'decimal';
    el.className = 'ag-input-field-input ag-text-field-input number-editor';
    el.setAttribute('data-testid', 'number-editor');
    el.setAttribute('aria-label', p.colDef.headerName ?? '');
    const key = p.eventKey;
    if (key === 'Backspace' || key === 'Delete') el.value = '';
    else if (key && key.length === 1) {
      el.value = key;
      this.startedByTyping = true;
    } else el.value = typeof p.value === 'number' ? p.notation().format(p.value) : p.value == null ? '' : String(p.value);
  }

  getGui() {
    return this.input;
  }

  afterGuiAttached() {
    this.input.focus();
    if (this.startedByTyping) return;
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  /** The text as typed: parsed by the sheet, which says what is wrong when it cannot be read. */
  getValue() {
    return this.input.value;
  }
}
