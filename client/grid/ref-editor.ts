// Searchable picker for reference columns (customerId, contactId): type part of a name,
// pick with the arrows and Enter, or click. ag-grid's rich select is enterprise-only.
import { foldText } from '../../core/index.js';
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';

interface Params extends ICellEditorParams {
  options: () => { id: string; name: string }[];
  placeholder: string;
}

const MAX_SHOWN = 50;
const fold = foldText;

export class RefEditor implements ICellEditorComp {
  private root = document.createElement('div');
  private input = document.createElement('input');
  private list = document.createElement('ul');
  private options: { id: string; name: string; key: string }[] = [];
  private shown: { id: string; name: string }[] = [];
  private active = 0;
  private value: string | null = null;

  init(p: Params) {
    this.value = (p.value as string | null) ?? null;
    this.options = p.options().map((o) => ({ ...o, key: fold(o.name) }));
    this.root.className = 'ref-editor';
    this.input.placeholder = p.placeholder;
    this.input.setAttribute('data-testid', 'ref-editor-input');
    this.list.setAttribute('role', 'listbox');
    this.root.append(this.input, this.list);
    const start = p.eventKey && p.eventKey.length === 1 ? p.eventKey : '';
    this.input.value = start;
    this.input.addEventListener('input', () => this.filter());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        e.stopPropagation();
        this.active = Math.max(0, Math.min(this.shown.length - 1, this.active + (e.key === 'ArrowDown' ? 1 : -1)));
        this.paint();
      } else if (e.key === 'Enter') {
        if (this.shown[this.active]) this.value = this.shown[this.active].id;
      }
    });
    this.list.addEventListener('mousedown', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (!li) return;
      e.preventDefault();
      this.value = li.dataset.id ?? this.value;
      p.stopEditing();
    });
    this.filter();
  }
  private filter() {
    const q = fold(this.input.value.trim());
    this.shown = [];
    for (const o of this.options) {
      if (!q || o.key.includes(q)) this.shown.push(o);
      if (this.shown.length >= MAX_SHOWN) break;
    }
    this.active = 0;
    this.paint();
  }
  private paint() {
    this.list.replaceChildren(
      ...this.shown.map((o, i) => {
        const li = document.createElement('li');
        li.textContent = o.name;
        li.dataset.id = o.id;
        li.setAttribute('role', 'option');
        if (i === this.active) li.className = 'active';
        return li;
      }),
    );
  }
  getGui() {
    return this.root;
  }
  afterGuiAttached() {
    this.input.focus();
  }
  getValue() {
    return this.value;
  }
  isPopup() {
    return true;
  }
}
