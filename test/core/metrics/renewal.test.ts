import { describe, expect, it } from 'vitest';
import { currentTermEnd, fromDay, renewalEnd, termMonths, toDay } from '../../../core/index.js';
import { customer, metricsOf, recurring, wb } from './helpers.js';

const d = toDay;

describe('renewal terms', () => {
  it('rounds the term to whole months, at least 1', () => {
    expect(termMonths(d('2023-01-15'), d('2024-01-14'))).toBe(12); // 365 days / 30.4375 = 11.99
    expect(termMonths(d('2023-01-31'), d('2023-04-30'))).toBe(3); // 90 days = 2.96 months
    expect(termMonths(d('2024-01-01'), d('2024-01-05'))).toBe(1); // 5 days → round 0 → 1
  });

  it('ends the k-th renewal at addMonths(start, (k+1)·term) − 1, clamping the day of month', () => {
    const s = d('2023-11-30'), e = d('2023-12-29'); // 30 days: term 1
    expect(fromDay(renewalEnd(s, e, 0))).toBe('2023-12-29');
    expect(fromDay(renewalEnd(s, e, 1))).toBe('2024-01-29'); // Jan 30 − 1
    expect(fromDay(renewalEnd(s, e, 2))).toBe('2024-02-28'); // Feb 30 → Feb 29 (clamped) − 1
    expect(fromDay(renewalEnd(s, e, 3))).toBe('2024-03-29');
    const q = d('2023-01-31'), qe = d('2023-04-30'); // quarterly
    expect(fromDay(renewalEnd(q, qe, 1))).toBe('2023-07-30');
    expect(fromDay(renewalEnd(q, qe, 4))).toBe('2024-04-29'); // Apr 30 2024 − 1
  });

  it('finds the term containing a day, many renewals later', () => {
    const s = d('2023-11-30'), e = d('2023-12-29');
    expect(fromDay(currentTermEnd(s, e, d('2023-12-29')))).toBe('2023-12-29');
    expect(fromDay(currentTermEnd(s, e, d('2024-02-28')))).toBe('2024-02-28');
    expect(fromDay(currentTermEnd(s, e, d('2024-02-29')))).toBe('2024-03-29');
    // 10 years on: the 123rd renewal ends addMonths(2023-11-30, 124) − 1 = 2034-03-30 − 1
    expect(fromDay(currentTermEnd(s, e, d('2034-03-01')))).toBe('2034-03-29');
  });
});

describe('renewalDate and daysToRenewal', () => {
  it('uses the current term end of an auto-renewing contract that rolled over', () => {
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1', { startDate: '2023-01-15', endDate: '2024-01-14', autoRenew: true })] });
    const m = metricsOf(data, '2024-03-15');
    expect(m.renewalDate).toBe('2025-01-14'); // addMonths(2023-01-15, 24) − 1
    expect(m.daysToRenewal).toBe(16 + 275 + 14); // rest of March + Apr…Dec + Jan 1–14
  });

  it('renews a Jan 31 monthly contract into the end of March', () => {
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1', { startDate: '2024-01-31', endDate: '2024-02-29', autoRenew: true })] });
    const m = metricsOf(data, '2024-03-10');
    expect(m.renewalDate).toBe('2024-03-30'); // addMonths(2024-01-31, 2) = Mar 31, − 1
    expect(m.daysToRenewal).toBe(20);
  });

  it('takes the earliest term end among active contracts with an end date', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        recurring('c1', { startDate: '2024-01-01', endDate: '2024-06-30' }),
        recurring('c1', { startDate: '2024-01-31', endDate: '2024-02-29', autoRenew: true }), // term ends 2024-03-30
        recurring('c1', { startDate: '2024-01-01' }), // open-ended: no renewal
      ],
    });
    expect(metricsOf(data, '2024-03-10').renewalDate).toBe('2024-03-30');
  });

  it('falls back to the latest end of contracts that ended before D (negative days)', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1', { endDate: '2023-12-31' }), recurring('c1', { endDate: '2024-02-10' })],
    });
    const m = metricsOf(data, '2024-03-15');
    expect(m.renewalDate).toBe('2024-02-10');
    expect(m.daysToRenewal).toBe(-34); // Feb 10 → Mar 15 2024 (leap year: 19 + 15)
  });

  it('reads "if there is none" literally: an open-ended active contract does not hide an ended one', () => {
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1'), recurring('c1', { endDate: '2024-01-31' })] });
    expect(metricsOf(data, '2024-03-15').renewalDate).toBe('2024-01-31');
  });

  it('is null without end dates, and ignores a canceled auto-renewal for the active case', () => {
    expect(metricsOf(wb({ customers: [customer('c1')], contracts: [recurring('c1')] }), '2024-03-15').renewalDate).toBeNull();
    const canceled = wb({ customers: [customer('c1')], contracts: [recurring('c1', { endDate: '2023-12-31', autoRenew: true, canceledAt: '2024-02-01' })] });
    const m = metricsOf(canceled, '2024-03-15');
    expect(m.status).toBe('inactive');
    expect(m.renewalDate).toBe('2023-12-31'); // ended: its endDate
    expect(m.daysToRenewal).toBe(-75); // Dec 31 → Mar 15: 31 + 29 + 15
  });
});
