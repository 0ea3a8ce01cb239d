import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberNotation, plainDecimal } from '../../client/grid/number-input.js';

const pt = numberNotation('pt-BR');
const en = numberNotation('en-US');

describe('editable numbers in the locale of the workbook', () => {
  it('shows the value with the locale decimal mark, no grouping', () => {
    expect(pt.format(4321.5)).toBe('4321,5');
    expect(en.format(4321.5)).toBe('4321.5');
    expect(pt.format(-0.25)).toBe('-0,25');
    expect(pt.format(1850)).toBe('1850');
  });

  it('reads what a Brazilian types', () => {
    expect(pt.parse('1.850,99')).toBe(1850.99);
    expect(pt.parse('1850,99')).toBe(1850.99);
    expect(pt.parse('4321,5')).toBe(4321.5);
    expect(pt.parse('1.234.567')).toBe(1234567);
    expect(pt.parse('R$ 1.850,99')).toBe(1850.99);
    expect(pt.parse('-5')).toBe(-5);
    expect(pt.parse(' 12 ')).toBe(12);
    expect(pt.parse(',5')).toBe(0.5);
  });

  it('reads what an English speaker types', () => {
    expect(en.parse('1,850.99')).toBe(1850.99);
    expect(en.parse('1850.99')).toBe(1850.99);
    expect(en.parse('$1,234,567.5')).toBe(1234567.5);
    expect(en.parse('-1,000')).toBe(-1000);
  });

  it('refuses ambiguous or garbage input instead of guessing', () => {
    // The other locale's decimal mark, or grouping in the wrong places.
    for (const s of ['1850.99', '1.5', '18.50,99', '1.85,0', '12.3456', '0.001']) expect(pt.parse(s), s).toBeNull();
    for (const s of ['1850,99', '1,5', '18,50.99', '1.850,99']) expect(en.parse(s), s).toBeNull();
    for (const s of ['', 'abc', '1e3', '12abc', '1,,5', '5,', '--5', '1 2', ',', 'NaN', 'Infinity']) expect(pt.parse(s), s).toBeNull();
  });

  it('other locales follow Intl: French spaces, Swiss apostrophes', () => {
    const fr = numberNotation('fr-FR');
    expect(fr.parse('1 850,99')).toBe(1850.99);
    expect(fr.parse('1\u202f850,99')).toBe(1850.99);
    expect(fr.format(1850.99)).toBe('1850,99');
    const ch = numberNotation('de-CH');
    expect(ch.parse("1'850.99")).toBe(1850.99);
    // An unknown tag reads like English.
    expect(numberNotation('zz-ZZ').parse('1,850.99')).toBe(1850.99);
  });

  it('gives a grouped example for the refusal message', () => {
    expect(pt.example).toBe('1.234,56');
    expect(en.example).toBe('1,234.56');
  });

  it('writes out exponents as plain digits', () => {
    expect(plainDecimal(1.5e-7)).toBe('0.00000015');
    expect(plainDecimal(-2e21)).toBe('-2000000000000000000000');
    expect(plainDecimal(1.25e21)).toBe('1250000000000000000000');
  });

  it('format → parse gives the same number back, in both locales (property)', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    fc.assert(
      fc.property(finite, (n) => {
        expect(pt.parse(pt.format(n))).toBe(n);
        expect(en.parse(en.format(n))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('the grouped display of money reads back in both locales (property)', () => {
    // What the cell shows (grouped, two decimals) typed back into the editor.
    const cents = fc.integer({ min: -1e13, max: 1e13 }).map((c) => c / 100);
    fc.assert(
      fc.property(cents, (n) => {
        for (const [tag, notation] of [['pt-BR', pt], ['en-US', en]] as const) {
          const shown = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
          expect(notation.parse(shown)).toBe(n);
        }
      }),
    );
  });
});
