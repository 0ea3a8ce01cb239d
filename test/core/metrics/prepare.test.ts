// prepare() parses whole tables in one pass (fast path); prepareCustomer() parses one
// customer's rows (the engine's path after an edit). Both must build the same bucket.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepare, prepareCustomer, toDay, type WorkbookData } from '../../../core/index.js';
import { wb } from './helpers.js';

const date = fc.oneof(
  fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 864e5).toISOString().slice(0, 10)),
  fc.constantFrom('2024-02-30', '', 'x'),
);
const cid = fc.constantFrom('c1', 'c2', 'c3', 'ghost');
const rowOf = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record({ id: fc.string({ maxLength: 4 }), customerId: cid, ...fields });

describe('prepare vs prepareCustomer', () => {
  it('builds identical customer buckets', () => {
    fc.assert(
      fc.property(
        fc.record({
          contracts: fc.array(rowOf({ model: fc.constantFrom('recurring', 'one-off'), value: fc.nat(500), startDate: date, endDate: date, autoRenew: fc.boolean(), licenses: fc.nat(5) }), { maxLength: 6 }),
          activities: fc.array(rowOf({ title: fc.constant('t'), dueDate: date, doneAt: date, owner: fc.constantFrom('ana', 'bia') }), { maxLength: 8 }),
          surveys: fc.array(rowOf({ kind: fc.constantFrom('nps', 'csat', 'ces'), date, score: fc.integer({ min: -1, max: 11 }) }), { maxLength: 8 }),
          invoices: fc.array(rowOf({ issueDate: date, dueDate: date, amount: fc.nat(100), paidAt: date }), { maxLength: 6 }),
          tickets: fc.array(rowOf({ openedAt: date, closedAt: date, slaDueAt: date }), { maxLength: 6 }),
          usage: fc.array(rowOf({ date, userId: fc.constantFrom('u1', 'u2', 'u3', 'u4', ''), actions: fc.integer({ min: -1, max: 9 }) }), { maxLength: 40 }),
          contacts: fc.array(rowOf({ name: fc.constant('P'), role: fc.constantFrom('sponsor', 'user'), createdAt: date }), { maxLength: 4 }),
        }),
        (tables) => {
          const data: WorkbookData = wb({ customers: [{ id: 'c1', name: 'A' }, { id: 'c2', name: 'B' }, { id: 'c3', name: 'C' }], ...tables });
          const model = prepare(data);
          for (const c of data.customers) {
            const own = (r: { customerId?: unknown }) => r.customerId === c.id;
            const single = prepareCustomer(c, {
              contracts: data.contracts.filter(own), activities: data.activities.filter(own), surveys: data.surveys.filter(own),
              invoices: data.invoices.filter(own), tickets: data.tickets.filter(own), usage: data.usage.filter(own), contacts: data.contacts.filter(own),
            }, model.settings);
            expect(model.customers.get(c.id)).toEqual(single);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('aggregates usage per day with each active user listed once', () => {
    const data = wb({
      customers: [{ id: 'c1', name: 'A' }],
      usage: [
        { id: 'u1', customerId: 'c1', date: '2024-03-02', userId: 'bia', actions: 2 },
        { id: 'u2', customerId: 'c1', date: '2024-03-01', userId: 'ana', actions: 1 },
        { id: 'u3', customerId: 'c1', date: '2024-03-02', userId: 'bia', actions: 3 },
        { id: 'u4', customerId: 'c1', date: '2024-03-02', userId: 'caio', actions: 0 },
      ],
    });
    const u = prepare(data).customers.get('c1')!.usage;
    expect([...u.days]).toEqual([toDay('2024-03-01'), toDay('2024-03-02')]);
    expect([...u.actions]).toEqual([1, 5]);
    expect(u.userCount).toBe(2); // ana, bia (caio never had actions)
    expect([...u.users.slice(u.userStart[1], u.userStart[2])]).toEqual([1]); // bia once on the 2nd
  });
});
