import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths as fnsAddMonths } from 'date-fns';
import { addMonths, days, fromDay, monthEnd, monthStart, parseDay, toDay, MONTH_DAYS, isIsoDate } from '../../../core/index.js';

describe('calendar', () => {
  it('numbers days from 1970-01-01 and back', () => {
    expect(toDay('1970-01-01')).toBe(0);
    expect(toDay('1970-02-01')).toBe(31);
    expect(toDay('1969-12-31')).toBe(-1);
    expect(fromDay(toDay('2024-02-29'))).toBe('2024-02-29');
    expect(fromDay(toDay('0050-06-15'))).toBe('0050-06-15'); // no 19xx shift for years < 100
  });

  it('counts days exactly across a leap day', () => {
    expect(days('2024-02-28', '2024-03-01')).toBe(2); // 29 Feb exists in 2024
    expect(days('2023-02-28', '2023-03-01')).toBe(1);
    expect(days('2024-03-15', '2024-03-10')).toBe(-5);
    expect(days('2023-01-01', '2024-01-01')).toBe(365);
    expect(days('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds months clamping the day of month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2023-12-15', 1)).toBe('2024-01-15');
  });

  it('agrees with date-fns addMonths on any date and offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDay('1900-01-01'), max: toDay('2200-12-31') }), fc.integer({ min: -400, max: 400 }), (d, n) => {
        const iso = fromDay(d);
        const [y, m, dd] = iso.split('-').map(Number);
        const f = fnsAddMonths(new Date(y, m - 1, dd, 12), n);
        const expected = `${String(f.getFullYear()).padStart(4, '0')}-${String(f.getMonth() + 1).padStart(2, '0')}-${String(f.getDate()).padStart(2, '0')}`;
        expect(addMonths(iso, n)).toBe(expected);
      }),
    );
  });

  it('finds month boundaries', () => {
    expect(fromDay(monthStart(toDay('2024-02-29')))).toBe('2024-02-01');
    expect(fromDay(monthEnd(toDay('2024-02-10')))).toBe('2024-02-29');
    expect(fromDay(monthEnd(toDay('2023-02-10')))).toBe('2023-02-28');
    expect(fromDay(monthEnd(toDay('2023-12-31')))).toBe('2023-12-31');
    expect(MONTH_DAYS).toBe(365.25 / 12);
  });

  it('parses exactly the dates core/field.ts calls valid', () => {
    for (const bad of ['2024-13-01', '2023-02-29', '2024-04-31', '2024-1-01', '24-01-01', '2024/01/01', '', 'abc', '2024-00-10', '2024-01-00']) {
      expect(parseDay(bad)).toBeNull();
    }
    expect(parseDay(19782)).toBeNull();
    expect(parseDay(null)).toBeNull();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 10, maxLength: 10 }),
          fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
            .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
        ),
        (s) => {
          const d = parseDay(s);
          expect(d !== null).toBe(isIsoDate(s));
          if (d !== null) expect(fromDay(d)).toBe(s);
        },
      ),
    );
  });
});
