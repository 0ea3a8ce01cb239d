// Small ag-grid cell renderers for derived columns (plain DOM: they are created per cell).
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { Formatters } from '../app-context.js';
import type { GridRow } from './columns.js';

type P = ICellRendererParams<GridRow> & { fmt: Formatters; bandLabel?: (band: string) => string };

/** ag-grid's renderer life cycle for a cell drawn into one span: subclasses only render. */
abstract class SpanCell implements ICellRendererComp<GridRow> {
  protected el = document.createElement('span');
  init(p: P) {
    this.render(p);
  }
  getGui() {
    return this.el;
  }
  refresh(p: P) {
    this.render(p);
    return true;
  }
  protected abstract render(p: P): void;
}

/** Health score as a badge colored by band; clicking it opens the breakdown (see Sheet). */
export class HealthCell extends SpanCell {
  protected render(p: P) {
    const m = p.data?.$m;
    const band = m?.healthBand ?? 'none';
    this.el.className = `health-badge band-${band}`;
    this.el.dataset.band = band;
    this.el.dataset.healthFor = p.data?.id ?? '';
    this.el.textContent = m ? p.fmt.number(m.healthScore, 0) : '…';
    // The band in words for screen readers (the eye gets the CSS icon): not told by colour alone.
    if (m?.healthBand && p.bandLabel) {
      const words = document.createElement('span');
      words.className = 'sr-only';
      words.textContent = ` ${p.bandLabel(m.healthBand)}`;
      this.el.append(words);
    }
  }
}

/** Variation with an arrow: ▲ rising, ▼ falling. */
export class VariationCell extends SpanCell {
  protected render(p: P) {
    const v = p.value as number | null;
    if (typeof v !== 'number') {
      this.el.className = 'variation';
      this.el.textContent = '—';
      return;
    }
    const dir = v > 0.05 ? 'up' : v < -0.05 ? 'down' : 'flat';
    this.el.className = `variation var-${dir}`;
    this.el.textContent = `${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} ${p.fmt.percent(v, 1)}`;
  }
}

type CardP = ICellRendererParams<GridRow> & { label: (n: number) => string; open: (rowId: string) => void };

/** The row's number as a button: opens the row as a card (all its fields; the phone's way to read a row). */
export class RowCardCell implements ICellRendererComp<GridRow> {
  private el = document.createElement('button');
  private p!: CardP;
  init(p: CardP) {
    this.el.type = 'button';
    this.el.className = 'row-card-open';
    this.el.dataset.testid = 'open-row-card';
    this.el.tabIndex = -1; // the grid cell holds the focus; Enter on it opens the card (Sheet)
    this.el.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.p.data) this.p.open(this.p.data.id);
    });
    this.el.addEventListener('dblclick', (e) => e.stopPropagation());
    this.render(p);
  }
  getGui() {
    return this.el;
  }
  refresh(p: CardP) {
    this.render(p);
    return true;
  }
  private render(p: CardP) {
    this.p = p;
    const n = typeof p.value === 'number' ? p.value : 0;
    this.el.textContent = n ? String(n) : '';
    this.el.title = p.label(n);
    this.el.setAttribute('aria-label', p.label(n));
    if (p.data) this.el.dataset.rowId = p.data.id;
  }
}
