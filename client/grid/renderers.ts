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
    this.el.textContent = `${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} ${p.fmt.number(v, 1)}%`;
  }
}
