// Does a text fit a box? Measured on a canvas with the element's own font, so choosing
// between a figure's full and compact form costs no layout (a dashboard of ~40 cards
// re-rendered on every live update must not force ~40 reflows).
import { createSignal, onCleanup, onMount, type Accessor } from 'solid-js';

let ctx2d: CanvasRenderingContext2D | null | undefined;

/** Width in CSS pixels of `text` in `font` (a CSS font shorthand); NaN without a canvas. */
export function textWidth(text: string, font: string): number {
  if (ctx2d === undefined) ctx2d = document.createElement('canvas').getContext('2d');
  if (!ctx2d) return Number.NaN;
  ctx2d.font = font;
  return ctx2d.measureText(text).width;
}

/**
 * Whether `text` fits `width`. A margin covers what the canvas does not model (tabular
 * digits, hinting); an unknown width or font (before the first layout) counts as fitting.
 */
export function fits(text: string, font: string, width: number): boolean {
  if (!font || !(width > 0)) return true;
  const w = textWidth(text, font);
  return !(w * 1.03 + 2 > width);
}

/** The content width and font of an element, following its size (ResizeObserver). */
export function observeBox(el: () => HTMLElement | undefined): { width: Accessor<number>; font: Accessor<string> } {
  const [width, setWidth] = createSignal(0);
  const [font, setFont] = createSignal('');
  onMount(() => {
    const node = el();
    if (!node) return;
    const ro = new ResizeObserver((entries) => {
      const e = entries[entries.length - 1];
      // Longhands: the `font` shorthand serializes to "" when font-variant-numeric is set.
      if (!font()) {
        const s = getComputedStyle(node);
        setFont(`${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`);
      }
      setWidth(e.contentRect.width);
    });
    ro.observe(node);
    onCleanup(() => ro.disconnect());
  });
  return { width, font };
}
