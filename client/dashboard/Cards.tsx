// The metric cards of one group. Each card: label, formatted value, the raw number in
// `data-value` (empty when null), the formula on hover, a glossary link, and a click that
// opens the customers behind the number. Nested objects (tickets, invoices, movements…)
// render as one box of sub-values, each still its own `metric-<field>` element.
import { For, Show } from 'solid-js';
import type { Dashboard, Lang } from '../../core/index.js';
import { cardValue, parentOf, type CardDef } from './cards.js';
import type { Formatter } from './format.js';
import { boxTitle, cardFormula, cardLabel, cardShortLabel, tr } from './i18n.js';

interface CardProps {
  def: CardDef;
  dash: Dashboard;
  lang: Lang;
  fmt: Formatter;
  onDrill: (key: string, field: string) => void;
  onGlossary: (anchor: string, field: string) => void;
  compact?: boolean;
}

function Card(p: CardProps) {
  const value = () => cardValue(p.dash, p.def.field);
  const drill = () => p.onDrill(p.def.drill, p.def.field);
  return (
    <div
      class={`dash-card${p.compact ? ' dash-card-sub' : ''}${p.def.hero ? ' dash-card-hero' : ''}`}
      classList={{ 'dash-null': value() === null }}
      data-testid={`metric-${p.def.field}`}
      data-value={value() ?? ''}
      data-unit={p.def.unit}
      title={`${cardLabel(p.lang, p.def.field)}: ${cardFormula(p.lang, p.def.field)}\n${tr(p.lang, 'drill')}`}
      onClick={drill}
    >
      <span class="dash-card-label">
        {p.compact ? cardShortLabel(p.lang, p.def.field) : cardLabel(p.lang, p.def.field)}
        <a
          class="dash-info"
          href={`docs/${p.def.anchor}`}
          data-glossary={p.def.anchor}
          aria-label={tr(p.lang, 'glossary')}
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
        type="button"
        class="dash-card-value"
        aria-label={`${cardLabel(p.lang, p.def.field)}: ${p.fmt(value(), p.def.unit)}`}
        onClick={(e) => (e.stopPropagation(), drill())}
      >
        {p.fmt(value(), p.def.unit)}
      </button>
    </div>
  );
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
            <div class={`dash-box dash-box-span-${Math.min(4, Math.ceil(b.defs.length / 2))}`} data-testid={`box-${b.box}`}>
              <div class="dash-box-title">{boxTitle(p.lang, b.box!)}</div>
              <div class="dash-box-items">
                <For each={b.defs}>{(d) => <Card {...p} def={d} compact />}</For>
              </div>
            </div>
          </Show>
        )}
      </For>
    </div>
  );
}
