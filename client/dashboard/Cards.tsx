// The metric cards of one group. Each card: label, formatted value, the raw number in
// `data-value` (empty when null), the formula on hover, a glossary link, and a click that
// opens the customers behind the number. Nested objects (tickets, invoices, movements…)
// render as one box of sub-values, each still its own `metric-<field>` element.
import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import type { Dashboard, Lang } from '../../core/index.js';
import { cardValue, parentOf, type CardDef } from './cards.js';
import type { Formatter } from './format.js';
import { boxTitle, cardFormula, cardLabel, cardShortLabel } from './i18n.js';
import { translate } from '../i18n/catalog.js';
import { glossaryHref } from '../glossary/state.js';
import { fits, observeBox } from './fit.js';

interface CardProps {
  def: CardDef;
  dash: Dashboard;
  lang: Lang;
  fmt: Formatter;
  onDrill: (key: string, field: string) => void;
  onGlossary: (anchor: string, field: string) => void;
  compact?: boolean;
}

/** The cards of one box show their values in one form: not some with cents and some without. */
interface BoxForm { level: () => number; report: (field: string, level: number) => void }

function Card(p: CardProps & { form?: BoxForm }) {
  const value = () => cardValue(p.dash, p.def.field);
  const drill = () => p.onDrill(p.def.drill, p.def.field);
  // The exact value when it fits the card, else without cents, else compact (R$ 14,7 mi),
  // with the exact value on hover and for screen readers: a figure is never cut off.
  let valueEl: HTMLButtonElement | undefined;
  const box = observeBox(() => valueEl);
  const exact = () => p.fmt(value(), p.def.unit);
  const forms = () => [exact(), p.fmt.whole(value(), p.def.unit), p.fmt.compact(value(), p.def.unit)];
  // 0 exact, 1 whole units, 2 compact: the first that fits this card.
  const need = createMemo(() => {
    const i = forms().findIndex((t) => fits(t, box.font(), box.width()));
    return i < 0 ? 2 : i;
  });
  createEffect(() => p.form?.report(p.def.field, need()));
  const shown = () => forms()[Math.max(need(), p.form?.level() ?? 0)];
  return (
    <div
      class={`dash-card${p.compact ? ' dash-card-sub' : ''}${p.def.hero ? ' dash-card-hero' : ''}`}
      classList={{ 'dash-null': value() === null }}
      data-testid={`metric-${p.def.field}`}
      data-value={value() ?? ''}
      data-unit={p.def.unit}
      title={`${cardLabel(p.lang, p.def.field)}: ${cardFormula(p.lang, p.def.field)}\n${translate(p.lang, 'dash.drill')}`}
      onClick={drill}
    >
      <span class="dash-card-label">
        {p.compact ? cardShortLabel(p.lang, p.def.field) : cardLabel(p.lang, p.def.field)}
        <a
          class="dash-info"
          href={glossaryHref(p.def.anchor)}
          data-glossary={p.def.anchor}
          aria-label={translate(p.lang, 'dash.glossary')}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            p.onGlossary(p.def.anchor, p.def.field);
          }}
        >
          i
        </a>
      </span>
      {/* The keyboard's way in (a card holds two controls: this and the glossary link). */}
      <button
        ref={valueEl}
        type="button"
        class="dash-card-value"
        data-testid={`value-${p.def.field}`}
        title={exact()}
        onClick={(e) => (e.stopPropagation(), drill())}
      >
        <Show when={shown() !== exact()} fallback={exact()}>
          <span aria-hidden="true">{shown()}</span>
          <span class="dash-sr">{exact()}</span>
        </Show>
      </button>
    </div>
  );
}

function boxForm(): BoxForm {
  const [levels, setLevels] = createSignal<Record<string, number>>({});
  return {
    level: () => Math.max(0, ...Object.values(levels())),
    report: (field, level) => setLevels((l) => (l[field] === level ? l : { ...l, [field]: level })),
  };
}

/** Cards of one group in order; consecutive cards of one object share a box. */
export function CardGrid(p: Omit<CardProps, 'def'> & { defs: CardDef[] }) {
  const blocks = () => {
    const out: { box: string | null; defs: CardDef[] }[] = [];
    for (const d of p.defs) {
      const box = parentOf(d.field);
      const last = out[out.length - 1];
      if (box && last?.box === box) last.defs.push(d);
      else out.push({ box, defs: [d] });
    }
    return out;
  };
  return (
    <div class="dash-cards">
      <For each={blocks()}>
        {(b) => (
          <Show
            when={b.box && b.defs.length > 1}
            fallback={<For each={b.defs}>{(d) => <Card {...p} def={d} />}</For>}
          >
            {(() => {
              const form = boxForm();
              return (
                <div class={`dash-box dash-box-span-${Math.min(4, Math.ceil(b.defs.length / 2))}`} data-testid={`box-${b.box}`}>
                  <div class="dash-box-title">{boxTitle(p.lang, b.box!)}</div>
                  <div class="dash-box-items">
                    <For each={b.defs}>{(d) => <Card {...p} def={d} form={form} compact />}</For>
                  </div>
                </div>
              );
            })()}
          </Show>
        )}
      </For>
    </div>
  );
}
