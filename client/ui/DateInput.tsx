// A date field in the workbook's locale ("15/06/2026" in pt-BR, "06/15/2026" in en-US): the
// browser's own date input writes dates in the browser's language whatever the app's, so
// the text is ours, and the calendar button opens the browser's picker on a hidden input.
// Typed dates are read in the locale's day/month/year order; ISO (2026-06-15) is accepted too.
import { createSignal } from 'solid-js';
import type { Formatters } from '../app-context.js';
import { parseLocalDate } from './local-date.js';

export function DateInput(p: { value: string; fmt: Formatters; testId: string; pickLabel: string; invalidLabel: string; onChange(iso: string): void }) {
  const [invalid, setInvalid] = createSignal(false);
  let picker!: HTMLInputElement;
  const commit = (el: HTMLInputElement) => {
    const iso = parseLocalDate(el.value, p.fmt.locale);
    setInvalid(iso === null);
    if (iso === null) return;
    el.value = p.fmt.date(iso);
    if (iso !== p.value) p.onChange(iso);
  };
  return (
    <span class="date-input">
      <input
        type="text"
        inputmode="numeric"
        data-testid={p.testId}
        data-value={p.value}
        value={p.fmt.date(p.value)}
        size={10}
        aria-invalid={invalid() || undefined}
        title={invalid() ? p.invalidLabel : undefined}
        onChange={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
      />
      <button type="button" class="icon" aria-label={p.pickLabel} title={p.pickLabel} onClick={() => picker.showPicker?.()}>
        {/* Drawn, not an emoji: a machine without an emoji font showed an empty box. */}
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" style={{ display: 'block' }}>
          <rect x="2" y="3" width="12" height="11" rx="1.5" />
          <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
        </svg>
      </button>
      <input ref={picker} type="date" class="date-input-picker" tabIndex={-1} aria-hidden="true" value={p.value} onChange={(e) => e.currentTarget.value && p.onChange(e.currentTarget.value)} />
    </span>
  );
}
