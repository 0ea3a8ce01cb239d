// Dates typed in the as-of field, read in the workbook locale's order (client/ui/local-date.ts).
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../client/ui/local-date.js';

describe('parseLocalDate', () => {
  it('reads day first in pt-BR and month first in en-US', () => {
    expect(parseLocalDate('15/06/2026', 'pt-BR')).toBe('2026-06-15');
    expect(parseLocalDate('06/15/2026', 'en-US')).toBe('2026-06-15');
    expect(parseLocalDate('1/2/26', 'pt-BR')).toBe('2026-02-01');
  });
  it('accepts ISO dates in any locale', () => {
    expect(parseLocalDate('2026-06-15', 'pt-BR')).toBe('2026-06-15');
    expect(parseLocalDate(' 2026-06-15 ', 'en-US')).toBe('2026-06-15');
  });
  it('refuses what is not a calendar date', () => {
    expect(parseLocalDate('31/02/2026', 'pt-BR')).toBeNull();
    expect(parseLocalDate('15/06', 'pt-BR')).toBeNull();
    expect(parseLocalDate('06/15/2026', 'pt-BR')).toBeNull(); // month 15
    expect(parseLocalDate('amanhã', 'pt-BR')).toBeNull();
  });
});
