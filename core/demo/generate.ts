// generateWorkbook: a deterministic, realistic Brazilian CS portfolio for demos, tests and
// benchmarks. Same options → the same rows, byte for byte (seeded PRNG, no clock).
import type { Usage } from '../schema.js';
import type { WorkbookData } from '../types.js';
import { isIsoDate } from '../field.js';
import { formatCnpj } from './cnpj.js';
import { addMonths, dayOf, isoOf } from './days.js';
import { activitiesFor, allocate, contactsFor, invoicesFor, surveysFor, ticketsFor, usageFor, PER_CUSTOMER } from './history.js';
import { planCustomer, type Profile } from './lifecycle.js';
import { CS_OWNERS, PHASES, SALES_OWNERS, SEGMENTS, companyName } from './names.js';
import { createRng } from './random.js';

export interface GenerateOptions {
  /** Any integer; the same seed gives the same workbook. */
  seed: number;
  /** Number of customers; every other table scales with it (see PER_CUSTOMER). */
  customers: number;
  /** ISO date the history ends on (the demo's "today"); history covers the 18 months before it. */
  today: string;
}

/** Months of history generated before `today`. */
export const HISTORY_MONTHS = 18;

export function generateWorkbook({ seed, customers, today }: GenerateOptions): WorkbookData {
  // Programmer input, not workbook data: a bad call is a bug, so say so loudly.
  if (!isIsoDate(today)) throw new RangeError(`generateWorkbook: today must be an ISO date YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const count = Number.isFinite(customers) ? Math.max(0, Math.floor(customers)) : 0;
  const rng = createRng(seed);
  const T = dayOf(today);
  const H0 = addMonths(T, -HISTORY_MONTHS);
  const width = Math.max(6, String(count * PER_CUSTOMER.usage).length);
  const counters = new Map<string, number>();
  const id = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(width, '0')}`;
  };

  const data: WorkbookData = { customers: [], contracts: [], activities: [], surveys: [], invoices: [], tickets: [], usage: [], contacts: [] };
  const usage: Usage[] = data.usage;
  const names = new Set<string>();
  const roots = new Set<number>();
  const hctx = { rng, today: T, id };
  // Pass 1: who the customers are and what they bought.
  const planned: { p: Profile; csOwner: string; csm: string; name: string }[] = [];
  for (let i = 0; i < count; i++) {
    const cid = id('c');
    const segment = rng.pick(SEGMENTS);
    const name = companyName(rng, segment, names);
    let root = rng.int(1_000_000, 99_999_999);
    while (roots.has(root)) root = rng.int(1_000_000, 99_999_999);
    roots.add(root);
    const { profile: p, contracts } = planCustomer({ rng, today: T, start: H0 }, cid, segment);
    const csOwner = rng.pick(CS_OWNERS);
    const csm = rng.pick(CS_OWNERS);
    const age = T - p.start;
    const phase = age < 90 ? PHASES[0] : p.renewalSoon || p.life === 'churned' ? PHASES[3] : age < 270 ? PHASES[1] : PHASES[2];
    data.customers.push({
      id: cid, name, externalId: formatCnpj(root, rng.chance(0.1) ? rng.int(2, 12) : 1), segment, plan: p.plan.name, phase,
      csOwner, csm, salesOwner: rng.pick(SALES_OWNERS), registeredAt: isoOf(p.registered),
      // Manual flags: the CSM already sees some of the trouble (and some of the upside).
      riskFlag: (p.trend === 'falling' && p.activeAtEnd && rng.chance(0.4)) || rng.chance(0.02),
      upsellFlag: (p.trend === 'rising' && rng.chance(0.3)) || rng.chance(0.03),
    });
    for (const c of contracts) data.contracts.push({ id: id('k'), ...c });
    planned.push({ p, csOwner, csm, name });
  }
  // Pass 2: the history. Activities, invoices and tickets follow each customer's months of life.
  const months = (spans: Profile['contractSpans']) => spans.reduce((n, [a, b]) => n + b - a + 1, 0) / 30.4375;
  const activityCounts = allocate(count * PER_CUSTOMER.activities, planned.map(({ p }) => 3 + months(p.lifeSpans)));
  const invoiceCounts = allocate(count * PER_CUSTOMER.invoices, planned.map(({ p }) => Math.max(1, months(p.contractSpans))));
  const ticketCounts = allocate(count * PER_CUSTOMER.tickets, planned.map(({ p }) => 1 + months(p.contractSpans)));
  // Usage in proportion to user-months under contract: the same density across the portfolio and the 18 months.
  const usageCounts = allocate(count * PER_CUSTOMER.usage, planned.map(({ p }) => Math.max(0.1, months(p.contractSpans)) * p.users));
  planned.forEach(({ p, csOwner, csm, name }, i) => {
    const contacts = contactsFor(hctx, p, name);
    data.contacts.push(...contacts);
    data.activities.push(...activitiesFor(hctx, p, csOwner, csm, activityCounts[i]));
    data.surveys.push(...surveysFor(hctx, p, contacts));
    data.invoices.push(...invoicesFor(hctx, p, invoiceCounts[i]));
    data.tickets.push(...ticketsFor(hctx, p, ticketCounts[i]));
    usageFor(hctx, p, usageCounts[i], usage);
  });
  return data;
}
