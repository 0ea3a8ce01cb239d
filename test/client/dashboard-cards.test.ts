import { describe, expect, it } from 'vitest';
import { cardValue, cards, glossaryAnchor } from '../../client/dashboard/cards.js';
import { cardByField } from '../../core/index.js';
import { makeFormatter } from '../../client/dashboard/format.js';
import { createFormatters } from '../../client/i18n/format.js';
import { filterFromParams, filterToParams, isEmptyFilter } from '../../client/dashboard/url-state.js';
import { glossarySection } from '../../client/dashboard/glossary.js';
import { coalesce } from '../../client/dashboard/live.js';
import { dashboardFixture } from './dashboard-fixture.js';

/** Every numeric leaf path of an object (arrays count as one leaf: their length). */
function leaves(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('dashboard cards', () => {
  it('has exactly one card per leaf of the Dashboard (series is charted, not carded)', () => {
    const d = dashboardFixture();
    const expected = leaves(d as unknown as Record<string, unknown>).filter((p) => p !== 'series').sort();
    expect(cards.map((c) => c.field).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(52); // 25 top-level numbers/id lists + 7+2+2+2+2+5+7 nested leaves, + catalog additions
  });

  it('reads the raw number of each card; null stays null; id lists count their ids', () => {
    const d = dashboardFixture();
    expect(cardValue(d, 'mrr')).toBe(3);
    expect(cardValue(d, 'invoices.overduePct')).toBe(49);
    expect(cardValue(d, 'mrrMovements.reactivation')).toBe(17);
    expect(cardValue(d, 'ltvProjected')).toBeNull();
    expect(cardValue(d, 'churnRisk')).toBe(3);
    expect(cardValue(d, 'upsellOpportunities')).toBe(1);
    expect(cardValue(d, 'no.such.field')).toBeNull();
  });

  it('every card has a label and a formula in both languages, and a glossary anchor on its top-level field', () => {
    for (const c of cards) {
      const t = cardByField(c.field)!;
      expect(t, c.field).toBeDefined();
      expect(c.anchor).toBe(glossaryAnchor(c.field));
      expect(t.label.en && t.label['pt-BR'] && t.formula.en && t.formula['pt-BR'], c.field).toBeTruthy();
    }
    expect(glossaryAnchor('tickets.opened')).toBe('glossary-dashboard.md#tickets');
    expect(glossaryAnchor('mrrChurnPct')).toBe('glossary-dashboard.md#mrrchurnpct');
  });
});

describe('dashboard formatting', () => {
  const norm = (s: string) => s.replace(/\s/g, ' ');
  it('formats money, percentages, scores and months per language', () => {
    const pt = makeFormatter(createFormatters('pt-BR', 'BRL'), 'pt-BR');
    const en = makeFormatter(createFormatters('en', 'USD'), 'en');
    expect(norm(pt(1234.4, 'money'))).toBe('R$ 1.234,40');
    expect(en(1234.4, 'money')).toBe('$1,234.40');
    expect(pt(12.5, 'pct')).toBe('12,5%');
    expect(en(12.5, 'pct')).toBe('12.5%');
    expect(pt(12.34, 'nps')).toBe('+12,3');
    expect(en(-4, 'nps')).toBe('-4');
    expect(pt(3.5, 'months')).toBe('3,5 meses');
    expect(en(1.25, 'ratio')).toBe('1.25');
    expect(pt(null, 'money')).toBe('—');
    expect(en(Number.NaN, 'pct')).toBe('—');
    expect(pt.date('2024-03-05')).toBe('05/03/2024');
    expect(en.date('2024-03-05')).toBe('03/05/2024');
  });
  it('survives an invalid currency code in settings', () => {
    expect(makeFormatter(createFormatters('en', 'not a currency'), 'en')(10.5, 'money')).toBe('10.50');
  });
});

describe('dashboard filter in the address', () => {
  it('round-trips lists and search, keeping other parameters', () => {
    const params = filterToParams({ segment: ['SaaS', 'Indústria'], situation: ['risk'], search: ' padaria ' }, new URLSearchParams('asOf=2024-03-15'));
    expect(params.get('asOf')).toBe('2024-03-15');
    expect(params.toString()).toBe('asOf=2024-03-15&segment=SaaS&segment=Ind%C3%BAstria&situation=risk&q=padaria');
    expect(filterFromParams(params)).toEqual({ segment: ['SaaS', 'Indústria'], situation: ['risk'], search: 'padaria' });
  });
  it('drops unknown situations/statuses and duplicates from a hand-edited link', () => {
    expect(filterFromParams(new URLSearchParams('situation=bogus&situation=risk&status=active&status=active&plan=Pro&q='))).toEqual({
      situation: ['risk'], status: ['active'], plan: ['Pro'],
    });
    expect(isEmptyFilter({ segment: [], search: '  ' })).toBe(true);
    expect(isEmptyFilter({ tier: ['Tier 1'] })).toBe(false);
  });
});

describe('glossary sections', () => {
  const md = ['# Glossary', '', '### mrr', 'MRR line 1', 'line 2', '', '### `mrrChurnPct` — Churn de MRR %', 'pct text', '## Decisions', 'x'].join('\n');
  it('extracts the text under a ### heading, case-insensitively, up to the next heading', () => {
    expect(glossarySection(md, 'mrr')).toBe('mrr\nMRR line 1\nline 2');
    expect(glossarySection(md, 'mrrchurnpct')).toBe('mrrChurnPct — Churn de MRR %\npct text');
    expect(glossarySection(md, 'arr')).toBeNull();
  });
});

describe('coalesced dashboard requests', () => {
  it('keeps one request in flight and collapses the rest into one with the latest arguments', async () => {
    const calls: number[] = [];
    const resolvers: ((v: string) => void)[] = [];
    const shown: string[] = [];
    const c = coalesce<number, string>(
      (n) => { calls.push(n); return new Promise((r) => resolvers.push(r)); },
      (r) => shown.push(r),
      () => {},
      () => true, // same view: results are shown even while a newer request waits
    );
    c.request(1); c.request(2); c.request(3); c.request(4);
    expect(calls).toEqual([1]);
    resolvers[0]('r1');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual(['r1']);
    expect(calls).toEqual([1, 4]);
    resolvers[1]('r4');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual(['r1', 'r4']);
    expect(calls).toEqual([1, 4]);
  });
  it('drops a result for another view (old filter) when a request for a new view waits', async () => {
    const resolvers: ((v: string) => void)[] = [];
    const shown: string[] = [];
    const c = coalesce<string, string>((a) => new Promise((r) => resolvers.push(() => r(a))), (r) => shown.push(r), () => {}, (a, b) => a === b);
    c.request('old'); c.request('new');
    resolvers[0]('');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual([]);
    resolvers[1]('');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual(['new']);
    c.dispose();
  });
});
