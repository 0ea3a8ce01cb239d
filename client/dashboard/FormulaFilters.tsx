// Dashboard filters on formula columns (settings.customColumns): one multi-select per
// column whose values fall into a few categories (text, yes/no, error codes), read from the
// customers' current values. Selected values go to `filter.custom[id]`, which core's filter
// matches (case- and accent-insensitive) for the cards, charts, lists and drill-downs alike.
import { createMemo, For, Show } from 'solid-js';
import { isError, type CustomColumn, type CustomerMetrics, type DashboardFilter, type Lang } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';

/** Above this many distinct values a column is a measure, not a category: no list is offered. */
const MAX_OPTIONS = 30;

const keyOf = (v: unknown): string | null => {
  if (v === null || v === undefined) return '';
  if (isError(v)) return v.error;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return null; // numbers: a range, not a list
};

interface Props {
  lang: Lang;
  columns: readonly CustomColumn[];
  metrics: ReadonlyMap<string, CustomerMetrics>;
  filter: DashboardFilter;
  onFilter: (f: DashboardFilter) => void;
}

export function FormulaFilters(p: Props) {
  const lists = createMemo(() => {
    const out: { col: CustomColumn; values: string[] }[] = [];
    for (const col of p.columns) {
      const seen = new Set<string>();
      let numeric = false;
      for (const m of p.metrics.values()) {
        const k = keyOf(m.custom?.[col.id]);
        if (k === null) { numeric = true; break; }
        seen.add(k);
        if (seen.size > MAX_OPTIONS) break;
      }
      if (!numeric && seen.size > 0 && seen.size <= MAX_OPTIONS) out.push({ col, values: [...seen].sort((a, b) => a.localeCompare(b, p.lang)) });
    }
    return out;
  });
  // Keyed by column id (strings): new metrics re-render the options, not the open dropdowns.
  const ids = createMemo(() => lists().map((l) => l.col.id), [], { equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]) });
  const listOf = (id: string) => lists().find((l) => l.col.id === id);
  const selected = (id: string) => {
    const s = p.filter.custom?.[id];
    return Array.isArray(s) ? s : [];
  };
  const toggle = (id: string, v: string, on: boolean) => {
    const next = on ? [...selected(id), v] : selected(id).filter((x) => x !== v);
    const custom = { ...(p.filter.custom ?? {}) };
    if (next.length) custom[id] = next;
    else delete custom[id];
    p.onFilter({ ...p.filter, custom: Object.keys(custom).length ? custom : undefined });
  };
  const label = (v: string) =>
    v === '' ? translate(p.lang, 'dash.filter.empty') : v === 'true' ? translate(p.lang, 'grid.yes') : v === 'false' ? translate(p.lang, 'grid.no') : v;
  return (
    <Show when={lists().length > 0}>
      <div class="dash-filters dash-formula-filters" data-testid="formula-filters">
        <For each={ids()}>
          {(id) => (
            <details class="dash-select" classList={{ 'dash-select-on': selected(id).length > 0 }} data-testid={`filter-f-${id}`}>
              <summary>
                <span class="dash-select-name">ƒ {listOf(id)?.col.label}</span>
                <span class="dash-select-value">
                  {selected(id).length === 0 ? translate(p.lang, 'dash.filter.any') : selected(id).length === 1 ? label(selected(id)[0]) : `${selected(id).length}`}
                </span>
              </summary>
              <div class="dash-select-menu">
                <For each={listOf(id)?.values ?? []}>
                  {(v) => (
                    <label>
                      <input type="checkbox" value={v} data-testid={`filter-f-${id}-option`} checked={selected(id).includes(v)}
                        onChange={(e) => toggle(id, v, e.currentTarget.checked)} />
                      {label(v)}
                    </label>
                  )}
                </For>
              </div>
            </details>
          )}
        </For>
      </div>
    </Show>
  );
}
