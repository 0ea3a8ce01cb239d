// One customer's commercial life over the 18 months before `today`: when it signed, what it
// bought, whether it grew, shrank, churned or came back, and how its health trends at the
// end. Every other table is generated from this profile, so the rows tell one coherent story.
import type { Contract } from '../schema.js';
import { addMonths, isoOf } from './days.js';
import type { Rng } from './random.js';
import { ADD_ONS, ONE_OFFS, type Segment } from './names.js';

export type Trend = 'rising' | 'falling' | 'steady';
export type Life = 'standard' | 'renewal' | 'downgrade' | 'churned' | 'reactivated';
/** Inclusive range of day numbers. */
export type Span = readonly [number, number];

export interface Plan { name: string; monthly: readonly [number, number]; users: readonly [number, number] }
export const PLANS: readonly Plan[] = [
  { name: 'Start', monthly: [290, 900], users: [2, 3] },
  { name: 'Pro', monthly: [1200, 3800], users: [3, 5] },
  { name: 'Business', monthly: [4000, 9500], users: [4, 6] },
  { name: 'Enterprise', monthly: [10000, 28000], users: [5, 8] },
];
const PLAN_WEIGHTS = [35, 35, 20, 10];

export interface Profile {
  id: string;
  segment: Segment;
  plan: Plan;
  life: Life;
  registered: number;
  start: number;
  /** Days the customer had a live recurring contract (clipped to today). */
  contractSpans: Span[];
  /** Same, but the first span opens at registration (pre-sale and onboarding contacts). */
  lifeSpans: Span[];
  activeAtEnd: boolean;
  /** Health direction over the last 60 days (active customers only; churned ones fall). */
  trend: Trend;
  /** 0 = poor, 1 = excellent: drives survey scores, overdue invoices and late work of steady customers. */
  quality: number;
  /** Current monthly recurring value (for invoice amounts). */
  monthly: number;
  users: number;
  /** A recurring term ends within 90 days of today (phase 'Renovação'). */
  renewalSoon: boolean;
}

export interface LifeContext { rng: Rng; today: number; start: number }

const round10 = (x: number) => Math.max(10, Math.round(x / 10) * 10);

/** End of the term that contains `day` for a contract renewing every `months` from `start`. */
function termEndOnOrAfter(start: number, months: number, day: number): number {
  let k = 1;
  let end = addMonths(start, months) - 1;
  while (end < day) end = addMonths(start, ++k * months) - 1;
  return end;
}

export function planCustomer(ctx: LifeContext, id: string, segment: Segment): { profile: Profile; contracts: Omit<Contract, 'id'>[] } {
  const { rng, today: T, start: H0 } = ctx;
  const window = T - H0;
  // 55% are the portfolio the team already had 18 months ago; the rest sign along the way.
  const start = rng.chance(0.55) ? H0 + rng.int(14, 60) : H0 + rng.int(61, window);
  const registered = Math.max(H0, start - rng.int(7, 40));
  const age = T - start;
  const planIdx = rng.weighted(PLANS.map((p, i) => [i, PLAN_WEIGHTS[i]] as const));
  let plan = PLANS[planIdx];
  const monthly = round10(rng.int(plan.monthly[0], plan.monthly[1]));
  const bp = rng.weighted([[1, 50], [3, 15], [6, 10], [12, 25]] as const);
  const licenses = rng.int(plan.users[0], plan.users[1]);
  const r = rng.next();
  const life: Life =
    age >= 120 && r < 0.12 ? 'churned'
    : age >= 240 && r < 0.17 ? 'reactivated'
    : age >= 75 && r < 0.24 ? 'downgrade'
    : r < 0.5 ? 'renewal'
    : 'standard';

  const contracts: Omit<Contract, 'id'>[] = [];
  const recurring = (from: number, perMonth: number, period: number, lic: number, product: string, o: { end?: number; auto?: boolean; canceled?: number; setup?: number } = {}) => {
    const c: Omit<Contract, 'id'> = {
      customerId: id, model: 'recurring', value: perMonth * period, billingPeriodMonths: period,
      setupFee: o.setup ?? 0, licenses: lic, startDate: isoOf(from), autoRenew: o.auto ?? false, product,
    };
    if (o.end !== undefined) c.endDate = isoOf(o.end);
    if (o.canceled !== undefined) c.canceledAt = isoOf(o.canceled);
    contracts.push(c);
  };
  const oneOff = (on: number, product: string, setup = 0) => {
    contracts.push({
      customerId: id, model: 'one-off', value: round10(monthly * (0.5 + rng.next() * 2)), billingPeriodMonths: 1,
      setupFee: setup, licenses: 0, startDate: isoOf(on), autoRenew: false, product,
    });
  };
  /** An add-on bought between from and to (expansion), sometimes dropped later (contraction). */
  const addOn = (from: number, to: number, cancelAt?: number, end?: number) => {
    if (to - from < 45) return oneOff(rng.int(from, Math.max(from, to)), rng.pick(ONE_OFFS));
    const on = rng.int(from + 30, to);
    const product = rng.pick(ADD_ONS);
    const lic = product === 'Usuários adicionais' ? rng.int(1, 3) : 0;
    const dropped = cancelAt ?? (to - on >= 40 && rng.chance(0.35) ? rng.int(on + 30, to) : undefined);
    recurring(on, round10(Math.max(90, monthly * (0.1 + rng.next() * 0.3))), 1, lic, product, { canceled: dropped, end });
  };
  const implantation = () => oneOff(start, 'Implantação', round10(monthly * (0.5 + rng.next())));
  const setupOnMain = rng.chance(0.3) ? round10(monthly) : 0;
  const main = `Plataforma ${plan.name}`;

  let spans: Span[];
  let current = monthly;
  let nextEnd: number | null = null;
  // Implantation, then either one more add-on or a one-off service: customers who stay to today.
  const extrasUntilToday = () => {
    implantation();
    if (rng.chance(0.5)) addOn(start, T);
    else oneOff(rng.int(start, T), rng.pick(ONE_OFFS));
  };
  switch (life) {
    case 'standard': {
      const term = rng.chance(0.15) ? 24 : 12;
      recurring(start, monthly, bp, licenses, main, { end: addMonths(start, term) - 1, auto: true, setup: setupOnMain });
      nextEnd = termEndOnOrAfter(start, term, T);
      addOn(start, T);
      extrasUntilToday();
      spans = [[start, T]];
      break;
    }
    case 'renewal': {
      // Fixed 12-month term, renewed by a new contract: usually with the yearly price
      // adjustment (IGP-M), sometimes with a retention discount.
      const end1 = addMonths(start, 12) - 1;
      recurring(start, monthly, bp, licenses, main, { end: end1, setup: setupOnMain });
      if (end1 < T) {
        current = round10(monthly * (rng.chance(0.8) ? 1.04 + rng.next() * 0.08 : 0.8 + rng.next() * 0.15));
        const auto = rng.chance(0.5);
        const end2 = addMonths(end1 + 1, 12) - 1;
        recurring(end1 + 1, current, bp, licenses, main, { end: end2, auto });
        nextEnd = auto ? termEndOnOrAfter(end1 + 1, 12, T) : end2;
      } else {
        nextEnd = end1;
        addOn(start, T);
      }
      extrasUntilToday();
      spans = [[start, T]];
      break;
    }
    case 'downgrade': {
      // Cancels the plan and signs a smaller one the same day.
      const on = rng.int(start + 45, T - 1);
      recurring(start, monthly, bp, licenses, main, { end: addMonths(start, 12) - 1, auto: true, canceled: on, setup: setupOnMain });
      plan = PLANS[Math.max(0, planIdx - 1)];
      current = round10(monthly * (0.4 + rng.next() * 0.35));
      recurring(on, current, 1, Math.max(1, licenses - 1), `Plataforma ${plan.name}`, { end: addMonths(on, 12) - 1, auto: true });
      nextEnd = termEndOnOrAfter(on, 12, T);
      implantation();
      oneOff(rng.int(start, T), rng.pick(ONE_OFFS));
      spans = [[start, T]];
      break;
    }
    case 'churned': {
      const end1 = addMonths(start, 12) - 1;
      let churn: number;
      if (end1 < T - 1 && rng.chance(0.4)) {
        // Did not renew: the fixed term simply ran out.
        churn = end1 + 1;
        recurring(start, monthly, bp, licenses, main, { end: end1, setup: setupOnMain });
        addOn(start, churn - 1, undefined, end1);
      } else {
        const auto = rng.chance(0.6);
        churn = rng.int(start + 60, Math.min(T - 1, auto ? T - 1 : end1));
        recurring(start, monthly, bp, licenses, main, { end: end1, auto, canceled: churn, setup: setupOnMain });
        addOn(start, churn - 1, churn);
      }
      implantation();
      oneOff(rng.int(start, churn - 1), rng.pick(ONE_OFFS));
      spans = [[start, churn - 1]];
      break;
    }
    case 'reactivated': {
      // Cancels, stays away one to four months, and signs again.
      const churn = rng.int(start + 60, T - 150);
      const back = churn + rng.int(30, 120);
      recurring(start, monthly, bp, licenses, main, { end: addMonths(start, 12) - 1, auto: true, canceled: churn, setup: setupOnMain });
      current = round10(monthly * (0.7 + rng.next() * 0.4));
      recurring(back, current, 1, licenses, main, { end: addMonths(back, 12) - 1, auto: true });
      nextEnd = termEndOnOrAfter(back, 12, T);
      implantation();
      oneOff(back, 'Reimplantação', round10(current * 0.5));
      spans = [[start, churn - 1], [back, T]];
      break;
    }
  }

  const activeAtEnd = life !== 'churned';
  const t = rng.next();
  // About one active customer in eight rises and one in nine falls: enough for a demo
  // to show both situations without painting the whole portfolio red.
  const trend: Trend = !activeAtEnd ? 'falling' : t < 0.13 ? 'rising' : t < 0.24 ? 'falling' : 'steady';
  const lifeSpans = spans.map((s, i) => (i === 0 ? ([registered, s[1]] as const) : s));
  return {
    profile: {
      id, segment, plan, life, registered, start, contractSpans: spans, lifeSpans, activeAtEnd, trend,
      // Skewed towards good (most customers are fine): mean ≈ 0.67.
      quality: Math.sqrt(rng.next()), monthly: current, users: licenses,
      renewalSoon: nextEnd !== null && nextEnd - T <= 90,
    },
    contracts,
  };
}
