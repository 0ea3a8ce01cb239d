// The grid's formula columns: what a cell shows in each format, the sort order of mixed
// values, the filters, and that every formula string exists in both languages.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, err, type CustomValue } from '../../core/index.js';
import type { ColumnEnv, GridRow } from '../../client/grid/columns.js';
import { compareValues, displayValue, formulaColumns } from '../../client/grid/formula-columns.js';
import { createFormatters } from '../../client/i18n/format.js';
import { catalogs, translator } from '../../client/i18n/catalog.js';
import { filterFromParams, filterToParams, isEmptyFilter } from '../../client/dashboard/url-state.js';

const env: ColumnEnv = {
  lang: 'en', readOnly: false, fmt: createFormatters('en', 'BRL'), t: translator(() => 'en'),
  refName: () => undefined, refOptions: () => [], renewalSoonDays: 30,
};
/** A grid row whose metrics only hold formula values (the columns read nothing else). */
const row = (custom: Record<string, CustomValue>): GridRow => ({ id: 'c1', $m: { custom } as never });

describe('formula columns in the grid', () => {
  it('shows values in the column format, errors as their code, blanks as —', () => {
    expect(displayValue(1234.567, undefined, env)).toBe('1,234.57');
    expect(displayValue(1234.567, 'money', env)).toBe('R$1,234.57');
    expect(displayValue(0.256, 'percent', env)).toBe('25.6%');
    expect(displayValue('2024-04-14', undefined, env)).toBe('04/14/2024');
    expect(displayValue('2024-04-14', 'text', env)).toBe('2024-04-14');
    expect(displayValue(true, undefined, env)).toBe('Yes');
    expect(displayValue(null, 'number', env)).toBe('—');
    expect(displayValue(err('#DIV/0!'), 'money', env)).toBe('#DIV/0!');
    expect(displayValue(undefined, undefined, env)).toBe('computing…');
  });
  it('sorts blanks, numbers, text, booleans, then errors', () => {
    const values = [err('#REF!'), true, 'b', 10, null, 'a', 2];
    expect([...values].sort(compareValues)).toEqual([null, 2, 10, 'a', 'b', true, err('#REF!')]);
  });
  it('one read-only column per definition, numeric filter for numeric formats, error tooltip', () => {
    const cols = formulaColumns([{ id: 'x', label: 'X', formula: 'mrr', format: 'money' }, { id: 'y', label: 'Y', formula: '1/0' }], env, () => {});
    expect(cols.map((c) => [c.colId, c.editable, c.filter])).toEqual([['f.x', false, 'agNumberColumnFilter'], ['f.y', false, 'agTextColumnFilter']]);
    const value = cols[1].valueGetter as (p: { data: GridRow }) => unknown;
    expect(value({ data: row({ y: err('#DIV/0!') }) })).toEqual({ error: '#DIV/0!' });
    const tip = cols[1].tooltipValueGetter as (p: { value: unknown }) => string | null;
    expect(tip({ value: err('#DIV/0!') })).toBe('#DIV/0!: division by zero (or an average of nothing)');
    expect(tip({ value: 3 })).toBe(null);
    const filterX = cols[0].filterValueGetter as (p: { data: GridRow }) => unknown;
    expect(filterX({ data: row({ x: 'text' }) })).toBe(null);
    expect(filterX({ data: row({ x: 12 }) })).toBe(12);
  });
  it('has every formula string, and an explanation of every error code, in English and pt-BR', () => {
    const keys = Object.keys(catalogs.en).filter((k) => k.startsWith('formula.'));
    expect(keys.length).toBeGreaterThan(30);
    for (const code of ERROR_CODES) expect(keys).toContain(`formula.error.${code}`);
    for (const k of keys) {
      const key = k as keyof typeof catalogs.en;
      expect(catalogs.en[key].length > 0 && catalogs['pt-BR'][key].length > 0).toBe(true);
    }
  });
});

describe('formula column filters in the dashboard address', () => {
  it('round-trip as f.<id> parameters, next to the other lists', () => {
    const params = filterToParams({ segment: ['SaaS'], custom: { size: ['Large', 'Médio'], flag: ['true'] } }, new URLSearchParams('asOf=2024-03-15&f.old=x'));
    expect(params.toString()).toBe('asOf=2024-03-15&segment=SaaS&f.size=Large&f.size=M%C3%A9dio&f.flag=true');
    expect(filterFromParams(params)).toEqual({ segment: ['SaaS'], custom: { size: ['Large', 'Médio'], flag: ['true'] } });
    expect(filterFromParams(new URLSearchParams('f.=x&f.a=1&f.a=1'))).toEqual({ custom: { a: ['1'] } });
    expect(isEmptyFilter({ custom: { size: [] } })).toBe(true);
    expect(isEmptyFilter({ custom: { size: ['Large'] } })).toBe(false);
  });
});
