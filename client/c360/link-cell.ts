// The customer's name in a sheet, with a link (↗) to the customer's page. Plain DOM: ag-grid
// creates one per visible cell. A plain click opens the page in the app (history entry);
// Ctrl/Cmd/middle-click opens it in a new tab like any link. Ctrl/Cmd+Enter on the cell
// does the same from the keyboard (see customerOfCell and Sheet's onCellKeyDown).
import type { ColDef, ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { GridRow } from '../grid/columns.js';

export interface LinkParams { open(id: string): void; href(id: string): string; title: string }
type P = ICellRendererParams<GridRow> & LinkParams & { idOf(row: GridRow): string | undefined };

export class CustomerLinkCell implements ICellRendererComp<GridRow> {
  private el = document.createElement('span');
  private text = document.createElement('span');
  private link = document.createElement('a');
  private params!: P;
  init(p: P) {
    this.el.className = 'c360-name-cell';
    this.link.className = 'c360-link';
    // The arrow is drawn by CSS (::after): the cell's text stays the name alone (copy, tests).
    this.link.dataset.testid = 'open-customer';
    this.link.addEventListener('click', (e) => {
      const id = this.params.data ? this.params.idOf(this.params.data) : undefined;
      if (!id || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // new tab: the browser's
      e.preventDefault();
      e.stopPropagation();
      this.params.open(id);
    });
    // A double-click on the link must not open the cell editor.
    this.link.addEventListener('dblclick', (e) => e.stopPropagation());
    this.el.append(this.text, this.link);
    this.render(p);
  }
  getGui() {
    return this.el;
  }
  refresh(p: P) {
    this.render(p);
    return true;
  }
  private render(p: P) {
    this.params = p;
    this.text.textContent = p.valueFormatted ?? (p.value == null ? '' : String(p.value));
    const id = p.data ? p.idOf(p.data) : undefined;
    this.link.hidden = !id;
    if (id) {
      this.link.href = p.href(id);
      this.link.title = p.title;
      this.link.setAttribute('aria-label', p.title);
      this.link.dataset.id = id;
    }
  }
}

/** The customer a sheet's cell names: the row itself on Customers (its name), else the row's customerId. */
export function customerOfCell(table: string, colId: string, row: GridRow | undefined): string | undefined {
  if (!row) return undefined;
  if (table === 'customers') return colId === 'name' ? row.id : undefined;
  return colId === 'customerId' && typeof row.customerId === 'string' ? row.customerId : undefined;
}

/** Gives a sheet's customer-name column (Customers: name; other tables: customerId) the link. */
export function withCustomerLinks(table: string, cols: ColDef<GridRow>[], link: LinkParams): ColDef<GridRow>[] {
  const colId = table === 'customers' ? 'name' : 'customerId';
  return cols.map((c) =>
    c.colId !== colId
      ? c
      : {
          ...c,
          cellRenderer: CustomerLinkCell,
          cellRendererParams: { ...link, idOf: (row: GridRow) => customerOfCell(table, colId, row) },
          // Ctrl/Cmd+Enter opens the page (Sheet's onCellKeyDown), not the cell editor.
          suppressKeyboardEvent: (p) => p.event.key === 'Enter' && (p.event.ctrlKey || p.event.metaKey),
        },
  );
}
