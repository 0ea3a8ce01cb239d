// Filter bar: one multi-select per filter list (options from the data), free-text search,
// clear and "copy link". State lives in the parent (and the address). The as-of date is
// the app header's (`data-testid="as-of"`, one date for every sheet).
import { createSignal, For, Show } from 'solid-js';
import type { DashboardFilter, Lang } from '../../core/index.js';
import { translate, type MessageKey } from '../i18n/catalog.js';
import { isEmptyFilter, listKeys, type ListKey } from './url-state.js';

export type FilterOptions = Record<ListKey, string[]>;

interface Props {
  lang: Lang;
  filter: DashboardFilter;
  options: FilterOptions;
  onFilter: (f: DashboardFilter) => void;
  optionLabel: (key: ListKey, value: string) => string;
}

function MultiSelect(p: Props & { key: ListKey }) {
  const selected = () => p.filter[p.key] ?? [];
  const toggle = (v: string, on: boolean) => {
    const next = on ? [...selected(), v] : selected().filter((x) => x !== v);
    p.onFilter({ ...p.filter, [p.key]: next.length ? next : undefined });
  };
  const summary = () => {
    const s = selected();
    if (s.length === 0) return translate(p.lang, 'dash.filter.any');
    if (s.length === 1) return p.optionLabel(p.key, s[0]);
    return `${s.length}`;
  };
  return (
    <details class="dash-select" classList={{ 'dash-select-on': selected().length > 0 }} data-testid={`filter-${p.key}`}>
      <summary>
        <span class="dash-select-name">{translate(p.lang, `dash.filter.${p.key}`)}</span>
        <span class="dash-select-value">{summary()}</span>
      </summary>
      <div class="dash-select-menu">
        <For each={p.options[p.key]}>
          {(v) => (
            <label>
              <input
                type="checkbox"
                value={v}
                data-testid={`filter-${p.key}-option`}
                checked={selected().includes(v)}
                onChange={(e) => toggle(v, e.currentTarget.checked)}
              />
              {p.optionLabel(p.key, v)}
            </label>
          )}
        </For>
      </div>
    </details>
  );
}

export function FilterBar(p: Props) {
  const [copied, setCopied] = createSignal(false);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const share = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 4000);
    } catch {
      /* clipboard refused (insecure origin): the address bar still holds the view */
    }
  };
  return (
    <div class="dash-filters" data-testid="dashboard-filters">
      <For each={[...listKeys]}>{(key) => <MultiSelect {...p} key={key} />}</For>
      <input
        class="dash-search"
        type="search"
        data-testid="filter-search"
        aria-label={translate(p.lang, 'dash.filter.search')}
        placeholder={translate(p.lang, 'dash.filter.search')}
        value={p.filter.search ?? ''}
        onInput={(e) => {
          const v = e.currentTarget.value;
          clearTimeout(searchTimer);
          // Typing should not ask for a dashboard per keystroke.
          searchTimer = setTimeout(() => p.onFilter({ ...p.filter, search: v || undefined }), 250);
        }}
      />
      <Show when={!isEmptyFilter(p.filter)}>
        <button type="button" class="dash-link" data-testid="filter-clear" onClick={() => p.onFilter({})}>
          {translate(p.lang, 'dash.filter.clear')}
        </button>
      </Show>
      <button type="button" class="dash-link" data-testid="filter-share" title={translate(p.lang, 'dash.filter.shareHint')} onClick={share}>
        {copied() ? translate(p.lang, 'dash.filter.copied') : translate(p.lang, 'dash.filter.share')}
      </button>
    </div>
  );
}
