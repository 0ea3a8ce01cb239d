// The operational history of one customer (activities, surveys, invoices, tickets, usage,
// contacts), derived from its profile so that the health indicators move the way its
// trend says: rising customers get more usage, a recent promoter answer, a late invoice
// finally paid and a breached ticket closed; falling ones the opposite.
import type { Activity, Contact, Invoice, Survey, Ticket, Usage } from '../schema.js';
import { isoOf, weekday } from './days.js';
import type { Profile, Span } from './lifecycle.js';
import type { Rng } from './random.js';
import { ACTIVITY_KINDS, COMMENTS, TICKET_SUBJECTS, domainOf, emailOf, personName, phone } from './names.js';

export interface HistoryContext {
  rng: Rng;
  today: number;
  /** Next id for a table prefix, e.g. id('a') → 'a-000042'. */
  id: (prefix: string) => string;
}

/**
 * Rows per customer on average (METRICS.md's large-portfolio ratios). Contracts, surveys,
 * usage and contacts are exactly this per customer; activities, invoices and tickets are
 * shared out in proportion to how long each customer has been around (see allocate), so a
 * customer signed last week does not carry fifteen invoices. Table totals are exact.
 */
export const PER_CUSTOMER = { contracts: 4, activities: 20, surveys: 5, invoices: 15, tickets: 5, usage: 100, contacts: 3 } as const;

/** Splits `total` into integer parts proportional to `weights` (largest remainder, ties by index). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return allocate(total, weights.map(() => 1));
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) out[order[j][1]]++;
  return out;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A random day of the spans restricted to [lo, hi]; anywhere in the spans when that is empty. */
function dayIn(rng: Rng, spans: readonly Span[], lo = -Infinity, hi = Infinity): number {
  let total = 0;
  for (const [a, b] of spans) total += Math.max(0, Math.min(b, hi) - Math.max(a, lo) + 1);
  if (total === 0) return lo === -Infinity && hi === Infinity ? spans[0][0] : dayIn(rng, spans);
  let k = rng.int(0, total - 1);
  for (const [a, b] of spans) {
    const from = Math.max(a, lo), n = Math.max(0, Math.min(b, hi) - from + 1);
    if (k < n) return from + k;
    k -= n;
  }
  return spans[0][0];
}

/** The day at offset k (0-based) of the concatenated spans. */
function dayAt(spans: readonly Span[], k: number): number {
  for (const [a, b] of spans) {
    if (k <= b - a) return a + k;
    k -= b - a + 1;
  }
  return spans[spans.length - 1][1];
}

const spanLength = (spans: readonly Span[]) => spans.reduce((n, [a, b]) => n + b - a + 1, 0);

export function contactsFor(ctx: HistoryContext, p: Profile, company: string): Contact[] {
  const { rng, today: T } = ctx;
  const domain = domainOf(company);
  const roles = ['sponsor', rng.chance(0.6) ? 'champion' : 'user', 'billing'] as const;
  const out: Contact[] = [];
  for (const role of roles) {
    const name = personName(rng);
    out.push({
      id: ctx.id('p'), customerId: p.id, name, email: emailOf(name, domain), phone: phone(rng), role,
      // Some sponsors have left the company: the customer shows no sponsor, a classic risk.
      active: role === 'sponsor' ? !rng.chance(0.12) : true,
      createdAt: isoOf(Math.min(T, p.registered + rng.int(0, 30))),
    });
  }
  return out;
}

export function activitiesFor(ctx: HistoryContext, p: Profile, owner: string, csm: string, count: number): Activity[] {
  const { rng, today: T } = ctx;
  const spans = p.lifeSpans;
  const plan: { due: number; done?: number }[] = [];
  const future = p.activeAtEnd ? Math.min(3, count) : 0;
  const wantLate = !p.activeAtEnd ? (rng.chance(0.3) ? 1 : 0)
    : p.trend === 'falling' ? 3
    : p.trend === 'rising' ? 0
    : p.quality < 0.4 ? rng.int(1, 2) : rng.chance(0.15) ? 1 : 0;
  const late = Math.min(wantLate, count - future);
  const lastDay = spans[spans.length - 1][1];
  for (let i = 0; i < future; i++) plan.push({ due: T + (i === 0 ? rng.int(0, 7) : rng.int(1, 30)) });
  for (let i = 0; i < late; i++) plan.push({ due: dayIn(rng, spans, lastDay - 40, lastDay - 1) });
  const done = count - future - late;
  for (let i = 0; i < done; i++) {
    // Rising customers: a quiet stretch, then a recent meeting (relationship recovers).
    // Falling ones: nobody has talked to them for two months.
    if (p.trend === 'rising' && i === done - 1) {
      const d = Math.max(spans[0][0], T - rng.int(1, 5));
      plan.push({ due: d, done: d });
      continue;
    }
    const hi = p.trend === 'rising' ? T - 100 : p.trend === 'falling' && p.activeAtEnd ? T - 65 : lastDay;
    const due = dayIn(rng, spans, -Infinity, hi);
    plan.push({ due, done: clamp(due + rng.int(-3, 2), spans[0][0], Math.min(T, lastDay)) });
  }
  plan.sort((a, b) => a.due - b.due);
  return plan.map(({ due, done }) => {
    const [type, titles] = rng.pick(ACTIVITY_KINDS);
    const a: Activity = { id: ctx.id('a'), customerId: p.id, title: rng.pick(titles), type, owner: rng.chance(0.8) ? owner : csm, dueDate: isoOf(due) };
    if (done !== undefined) a.doneAt = isoOf(done);
    return a;
  });
}

export function surveysFor(ctx: HistoryContext, p: Profile, contacts: readonly Contact[]): Survey[] {
  const { rng, today: T } = ctx;
  const spans = p.contractSpans;
  const q = p.activeAtEnd ? p.quality : p.quality * 0.6;
  const noisy = (center: number, lo: number, hi: number) => clamp(Math.round(center + rng.int(-1, 1)), lo, hi);
  // Centred so that a typical B2B portfolio lands near NPS +20 and CSAT ~80%.
  const steady = { nps: () => noisy(4 + 6 * q, 0, 10), csat: () => noisy(2.6 + 2.8 * q, 1, 5), ces: () => noisy(2.5 + 4.5 * q, 1, 7) };
  const active = p.activeAtEnd;
  const plan: { kind: 'nps' | 'csat' | 'ces'; day: number; score: number }[] = [
    { kind: 'nps', day: active ? dayIn(rng, spans, T - 330, T - 90) : dayIn(rng, spans), score: p.trend === 'rising' ? rng.int(7, 9) : p.trend === 'falling' && active ? rng.int(7, 8) : steady.nps() },
    // The answer that moves the trend: a recent promoter or detractor.
    p.trend === 'rising' ? { kind: 'nps', day: dayIn(rng, spans, T - 25, T - 3), score: rng.int(9, 10) }
    : p.trend === 'falling' && active ? { kind: 'nps', day: dayIn(rng, spans, T - 25, T - 3), score: rng.int(0, 5) }
    : { kind: 'nps', day: active ? dayIn(rng, spans, T - 180, T) : dayIn(rng, spans), score: steady.nps() },
    { kind: 'csat', day: active ? dayIn(rng, spans, T - 85, T - 1) : dayIn(rng, spans), score: p.trend === 'rising' ? rng.int(4, 5) : p.trend === 'falling' ? rng.int(1, 3) : steady.csat() },
    { kind: 'csat', day: dayIn(rng, spans, -Infinity, T - 90), score: steady.csat() },
    { kind: 'ces', day: active ? dayIn(rng, spans, T - 85, T) : dayIn(rng, spans), score: p.trend === 'rising' ? rng.int(5, 7) : p.trend === 'falling' ? rng.int(1, 3) : steady.ces() },
  ];
  plan.sort((a, b) => a.day - b.day);
  const respondents = contacts.filter((c) => c.role !== 'billing');
  return plan.map(({ kind, day, score }) => {
    const s: Survey = { id: ctx.id('s'), customerId: p.id, kind, date: isoOf(day), score, contactId: rng.pick(respondents).id };
    // Comments follow the score: 0–10 NPS, 1–5 CSAT, 1–7 CES mapped to the same three moods.
    const ratio = kind === 'nps' ? score / 10 : kind === 'csat' ? (score - 1) / 4 : (score - 1) / 6;
    if (rng.chance(0.4)) s.comment = rng.pick(ratio >= 0.8 ? COMMENTS.good : ratio >= 0.55 ? COMMENTS.mid : COMMENTS.bad);
    return s;
  });
}

export function invoicesFor(ctx: HistoryContext, p: Profile, n: number): Invoice[] {
  const { rng, today: T } = ctx;
  const spans = p.contractSpans;
  if (n === 0) return [];
  const total = spanLength(spans);
  // Monthly invoices counted back from the last billed day; young customers get them denser.
  const step = Math.min(30.4375, total / n);
  const offset = rng.int(0, Math.max(0, Math.min(9, Math.floor(step) - 1)));
  const issues: number[] = [];
  for (let k = n - 1; k >= 0; k--) issues.push(dayAt(spans, Math.max(0, Math.floor(total - 1 - offset - k * step))));
  const rows = issues.map((issue): Invoice & { due: number } => ({
    id: ctx.id('i'), customerId: p.id, issueDate: isoOf(issue), dueDate: isoOf(issue + 10),
    amount: Math.round(p.monthly * Math.max(step, 1) / 30.4375 * (0.97 + rng.next() * 0.06) * 100) / 100, due: issue + 10,
  }));
  for (const r of rows) {
    const paid = rng.chance(0.08) ? r.due + rng.int(1, 15) : r.due - rng.int(0, 6);
    if (paid <= T) r.paidAt = isoOf(paid);
  }
  const pastDue = rows.filter((r) => r.due < T);
  const unpay = (r: Invoice | undefined) => { if (r) delete r.paidAt; };
  if (p.trend === 'falling' && p.activeAtEnd) { unpay(pastDue.at(-1)); unpay(pastDue.at(-2)); }
  else if (!p.activeAtEnd) { if (rng.chance(0.5)) unpay(pastDue.at(-1)); }
  else if (p.trend === 'steady' && p.quality < 0.3) unpay(pastDue.at(-1));
  else if (p.trend === 'rising') {
    // Paid late, a few days ago: the financial indicator recovers inside the 60-day window.
    const r = pastDue.filter((x) => x.due >= T - 50 && x.due <= T - 15).at(-1);
    if (r) r.paidAt = isoOf(Math.max(r.due + 1, T - rng.int(3, 10)));
  }
  return rows.map(({ due: _due, ...inv }) => inv);
}

export function ticketsFor(ctx: HistoryContext, p: Profile, n: number): Ticket[] {
  const { rng, today: T } = ctx;
  const spans = p.contractSpans;
  // Trend-shaping tickets: falling customers have two open tickets past their SLA, rising
  // ones one that breached and was solved recently, weak steady ones sometimes one open.
  let special = n === 0 || !p.activeAtEnd ? 0
    : p.trend === 'falling' ? rng.int(1, 2)
    : p.trend === 'rising' || (p.trend === 'steady' && p.quality < 0.35 && rng.chance(0.5)) ? 1
    : 0;
  if (special > n) special = n;
  const opened: number[] = [];
  for (let i = 0; i < n - special; i++) opened.push(dayIn(rng, spans));
  opened.sort((a, b) => a - b);
  const rows: Ticket[] = opened.map((o) => {
    // Most are solved within the SLA of 1–3 days; a few drag on. Rising customers' routine
    // tickets are all solved by today, so their support indicator only goes up.
    const t: Ticket = { id: ctx.id('t'), customerId: p.id, openedAt: isoOf(o), slaDueAt: isoOf(o + rng.int(1, 3)), subject: rng.pick(TICKET_SUBJECTS) };
    const closed = o + (rng.chance(0.06) ? rng.int(4, 20) : rng.int(0, 3));
    if (closed <= T || p.trend === 'rising') t.closedAt = isoOf(Math.min(closed, T));
    return t;
  });
  const first = spans[spans.length - 1][0];
  for (let i = 0; i < special; i++) {
    const t: Ticket = { id: ctx.id('t'), customerId: p.id, openedAt: '', subject: rng.pick(TICKET_SUBJECTS) };
    if (p.trend === 'rising') {
      const o = Math.max(first, T - rng.int(35, 45));
      t.openedAt = isoOf(o); t.slaDueAt = isoOf(o + 2); t.closedAt = isoOf(Math.max(o, T - rng.int(8, 20)));
    } else {
      // Open and past its SLA: counts against support health today.
      const o = Math.max(first, T - rng.int(5, 25));
      t.openedAt = isoOf(o); t.slaDueAt = isoOf(o + rng.int(1, 2));
    }
    rows.push(t);
  }
  return rows;
}

/**
 * Usage rows (one per user per day) over every day the customer had a live contract, so
 * the usage-based indicators (engagement, adoption) exist across the whole history and the
 * health series moves gradually instead of jumping when usage appears. Intensity ramps up
 * over the first month of each contract (onboarding), dips on weekends, and follows the
 * customer's trend over its last months: rising customers go quiet and come back, falling
 * ones fade. Rows per day are spread by weight, capped at the number of users, so that
 * (user, day) never repeats.
 */
export function usageFor(ctx: HistoryContext, p: Profile, n: number, out: Usage[]): void {
  const { rng } = ctx;
  if (n <= 0) return;
  const spans = p.contractSpans;
  const len = spanLength(spans);
  const hi = spans[spans.length - 1][1];
  const users = Math.max(p.users, Math.ceil(n / (0.8 * len)));
  const userIds: string[] = [];
  for (let u = 1; u <= users; u++) userIds.push(`${p.id}-u${u}`);
  const level = p.trend === 'steady' ? rng.int(2, 30) * (0.5 + p.quality) : rng.int(12, 30);
  const days = new Float64Array(len);
  const weights = new Float64Array(len);
  let wsum = 0;
  let k = 0;
  for (const [a, b] of spans) {
    for (let d = a; d <= b; d++, k++) {
      // Onboarding: a new (or returning) customer's team takes about a month to start using the product.
      let w = Math.min(1, 0.3 + (0.7 * (d - a)) / 30);
      const back = hi - d; // days before the last live day
      if (p.trend === 'rising') w *= back >= 150 ? 1 : back >= 90 ? 1 - (0.7 * (150 - back)) / 60 : 0.3 + 1.7 * ((89 - back) / 89) ** 2;
      else if (p.trend === 'falling' && back < 90) w *= 1.1 - 0.95 * ((89 - back) / 89);
      const wd = weekday(d);
      if (wd === 0 || wd === 6) w *= 0.25;
      days[k] = d;
      weights[k] = w;
      wsum += w;
    }
  }
  const counts = new Int32Array(len);
  let left = n;
  for (let i = 0; i < len; i++) {
    counts[i] = Math.min(users, Math.floor((n * weights[i]) / wsum));
    left -= counts[i];
  }
  // Hand out the remainder by weight to days that still have room (capacity ≥ n by construction).
  while (left > 0) {
    let r = rng.next() * wsum;
    let i = 0;
    while (i < len - 1 && r >= weights[i]) r -= weights[i++];
    if (counts[i] < users) { counts[i]++; left--; }
    else {
      const j = rng.int(0, len - 1);
      if (counts[j] < users) { counts[j]++; left--; }
    }
  }
  const order = userIds.slice();
  for (let i = 0; i < len; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const date = isoOf(days[i]);
    for (let j = 0; j < c; j++) {
      const s = j + Math.floor(rng.next() * (users - j));
      const tmp = order[j]; order[j] = order[s]; order[s] = tmp;
      const actions = rng.chance(0.03) ? 0 : Math.max(0, Math.round(level * weights[i] * (0.4 + 1.2 * rng.next())));
      out.push({ id: ctx.id('u'), customerId: p.id, date, userId: order[j], actions });
    }
  }
}
