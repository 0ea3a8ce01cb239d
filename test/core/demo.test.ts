import { describe, expect, it } from 'vitest';
import { computeCustomerMetrics, computeDashboard, fieldProblem, isEmpty, schema, surveyScoreRange, tableNames, type TableName, type WorkbookData, type FieldDef } from '../../core/index.js';
import { generateWorkbook, formatCnpj, allocate, DEMO_OWNER, HISTORY_MONTHS } from '../../core/demo/index.js';

const TODAY = '2026-11-22';
const demo = generateWorkbook({ seed: 7, customers: 300, today: TODAY });

/** CNPJ check digits, written from the Receita Federal rule independently of the generator. */
function cnpjIsValid(s: string): boolean {
  const m = /^(\d{2})\.(\d{3})\.(\d{3})\/(\d{4})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = (m[1] + m[2] + m[3] + m[4] + m[5]).split('').map(Number);
  const dv = (len: number) => {
    // weights run 2..9 from the right, cycling
    let sum = 0;
    for (let i = 0; i < len; i++) sum += d[len - 1 - i] * (2 + (i % 8));
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return dv(12) === d[12] && dv(13) === d[13];
}

const nextMonth = (m: string) => { const [y, mo] = m.split('-').map(Number); return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`; };
const rowsOf = (data: WorkbookData, t: TableName) => data[t] as unknown as Record<string, unknown>[];

describe('generateWorkbook', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateWorkbook({ seed: 7, customers: 300, today: TODAY });
    expect(again).toEqual(demo);
    const other = generateWorkbook({ seed: 8, customers: 300, today: TODAY });
    expect(other.customers.map((c) => c.name)).not.toEqual(demo.customers.map((c) => c.name));
    expect(other.usage.map((u) => u.actions)).not.toEqual(demo.usage.map((u) => u.actions));
  });

  it('scales every table with the customer count in the large-portfolio proportions', () => {
    // METRICS.md: 10k customers → 40k contracts, 200k activities, 50k surveys, 150k invoices,
    // 50k tickets, 1M usage rows, 30k contacts; i.e. per customer 4/20/5/15/5/100/3.
    // Activities, invoices and tickets are shared out by customer age, but totals are exact.
    const counts = Object.fromEntries(tableNames.map((t) => [t, rowsOf(demo, t).length]));
    expect(counts).toEqual({ customers: 300, contracts: 1200, activities: 6000, surveys: 1500, invoices: 4500, tickets: 1500, usage: 30000, contacts: 900 });
    const one = generateWorkbook({ seed: 1, customers: 1, today: TODAY });
    expect(one.usage).toHaveLength(100);
    const none = generateWorkbook({ seed: 1, customers: 0, today: TODAY });
    expect(tableNames.every((t) => rowsOf(none, t).length === 0)).toBe(true);
  });

  it('shares a total out in proportion to weights, remainders to the largest fractions', () => {
    // 10 × 1/3 = 3.33 each: floors 3+3+3, the one left goes to the first of the tied fractions.
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 × [1, 2, 4] / 7 = exactly 1, 2, 4.
    expect(allocate(7, [1, 2, 4])).toEqual([1, 2, 4]);
    // 5 × [1, 3] / 4 = 1.25, 3.75: floors 1+3, the remainder goes to the .75.
    expect(allocate(5, [1, 3])).toEqual([1, 4]);
    // No weight at all: an even split.
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(3, [])).toEqual([]);
  });

  it('bills a young customer like a young customer: at most two invoices a calendar month', () => {
    const perMonth = new Map<string, number>();
    for (const i of demo.invoices) {
      const k = `${i.customerId} ${i.issueDate!.slice(0, 7)}`;
      perMonth.set(k, (perMonth.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perMonth.values())).toBeLessThanOrEqual(2);
  });

  it('writes only valid rows with unique ids, each pointing to an existing customer', () => {
    const problems: string[] = [];
    const customerIds = new Set(demo.customers.map((c) => c.id));
    const contactIds = new Set(demo.contacts.map((c) => c.id));
    for (const t of tableNames) {
      const fields = schema[t].fields as unknown as Record<string, FieldDef & { required?: boolean }>;
      const ids = new Set<string>();
      for (const row of rowsOf(demo, t)) {
        const id = row.id as string;
        if (typeof id !== 'string' || ids.has(id)) problems.push(`${t} ${id}: id`);
        ids.add(id);
        for (const [name, def] of Object.entries(fields)) {
          const v = row[name];
          if (isEmpty(v)) { if (def.required) problems.push(`${t} ${id}.${name}: required`); continue; }
          const p = fieldProblem(def, v);
          if (p) problems.push(`${t} ${id}.${name}=${String(v)}: ${p}`);
        }
        for (const k of Object.keys(row)) if (k !== 'id' && !(k in fields)) problems.push(`${t} ${id}: unknown field ${k}`);
        if (t !== 'customers' && !customerIds.has(row.customerId as string)) problems.push(`${t} ${id}: customer ${String(row.customerId)} missing`);
      }
    }
    for (const s of demo.surveys) {
      const [lo, hi] = surveyScoreRange[s.kind ?? 'nps'];
      if (s.kind === undefined || s.score === undefined || s.score < lo || s.score > hi) problems.push(`surveys ${s.id}: ${s.kind} score ${s.score}`);
      if (s.contactId !== undefined && !contactIds.has(s.contactId)) problems.push(`surveys ${s.id}: contact missing`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every customer a unique CNPJ with valid check digits', () => {
    // Known-good reference: 11.222.333/0001-81 is the classic valid example.
    expect(formatCnpj(11_222_333, 1)).toBe('11.222.333/0001-81');
    expect(cnpjIsValid('11.222.333/0001-81')).toBe(true);
    expect(cnpjIsValid('11.222.333/0001-82')).toBe(false);
    const ids = demo.customers.map((c) => c.externalId ?? '');
    expect(ids.filter((x) => !cnpjIsValid(x))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps events within the 18 months before today and schedules at most 24 months ahead', () => {
    const start = '2025-05-22'; // today − 18 months
    const events: [TableName, string][] = [
      ['customers', 'registeredAt'], ['contracts', 'startDate'], ['contracts', 'canceledAt'], ['activities', 'doneAt'],
      ['surveys', 'date'], ['invoices', 'issueDate'], ['invoices', 'paidAt'], ['tickets', 'openedAt'], ['tickets', 'closedAt'],
      ['usage', 'date'], ['contacts', 'createdAt'],
    ];
    const scheduled: [TableName, string][] = [['contracts', 'endDate'], ['activities', 'dueDate'], ['invoices', 'dueDate'], ['tickets', 'slaDueAt']];
    const out: string[] = [];
    for (const [t, f] of events) for (const r of rowsOf(demo, t)) {
      const v = r[f] as string | undefined;
      if (v !== undefined && (v < start || v > TODAY)) out.push(`${t} ${r.id as string}.${f}=${v}`);
    }
    for (const [t, f] of scheduled) for (const r of rowsOf(demo, t)) {
      const v = r[f] as string | undefined;
      if (v !== undefined && (v < start || v > '2028-11-22')) out.push(`${t} ${r.id as string}.${f}=${v}`);
    }
    expect(out).toEqual([]);
  });

  it('never repeats a (customer, user, day) usage row and closes, pays and finishes after opening', () => {
    const seen = new Set<string>();
    let dup = 0;
    for (const u of demo.usage) {
      const k = `${u.customerId}|${u.userId}|${u.date}`;
      if (seen.has(k)) dup++;
      seen.add(k);
    }
    expect(dup).toBe(0);
    expect(demo.tickets.filter((t) => t.closedAt !== undefined && t.closedAt < t.openedAt!)).toEqual([]);
    expect(demo.invoices.filter((i) => i.dueDate! < i.issueDate!)).toEqual([]);
    expect(demo.contracts.filter((c) => (c.endDate !== undefined && c.endDate < c.startDate!) || (c.canceledAt !== undefined && c.canceledAt < c.startDate!))).toEqual([]);
  });

  it('covers the situations a CS team meets: churn, auto-renewal, setup fees, billing periods, sponsors, late work, overdue bills, breached SLAs', () => {
    const c = demo.contracts;
    expect(new Set(c.map((k) => k.billingPeriodMonths))).toEqual(new Set([1, 3, 6, 12]));
    expect(c.some((k) => k.model === 'one-off' && (k.setupFee ?? 0) > 0)).toBe(true);
    expect(c.some((k) => k.autoRenew && k.endDate !== undefined && k.endDate < TODAY && k.canceledAt === undefined)).toBe(true);
    expect(c.some((k) => k.canceledAt !== undefined)).toBe(true);
    expect(c.some((k) => (k.licenses ?? 0) > 0)).toBe(true);
    expect(new Set(demo.customers.map((x) => x.segment))).toEqual(new Set(['SaaS', 'Indústria', 'Comércio', 'Serviços']));
    expect(new Set(demo.customers.map((x) => x.phase))).toEqual(new Set(['Onboarding', 'Adoção', 'Engajamento', 'Renovação']));
    expect(new Set(demo.customers.map((x) => x.csOwner)).size).toBe(12);
    expect(demo.contacts.some((p) => p.role === 'sponsor' && p.active !== false)).toBe(true);
    expect(demo.activities.some((a) => a.doneAt === undefined && a.dueDate !== undefined && a.dueDate < TODAY)).toBe(true);
    expect(demo.invoices.some((i) => i.paidAt === undefined && i.dueDate! < TODAY)).toBe(true);
    expect(demo.tickets.some((t) => t.closedAt === undefined && t.slaDueAt !== undefined && t.slaDueAt < TODAY)).toBe(true);
    const nps = demo.surveys.filter((s) => s.kind === 'nps').map((s) => s.score!);
    expect(nps.some((s) => s >= 9) && nps.some((s) => s <= 6)).toBe(true);
    expect(demo.customers.filter((x) => !/^\S.* (Ltda|ME|EPP|S\.A\.)$/.test(x.name ?? ''))).toEqual([]);
  });

  it('spreads usage over the whole 18 months, at a steady density per customer under contract', () => {
    // The first of the 18 months starts 2025-05-22 (today − 18 months): the founding portfolio
    // signs in its first weeks, so usage starts within that first month.
    expect(HISTORY_MONTHS).toBe(18);
    const dates = demo.usage.map((u) => u.date!).sort();
    expect(dates[0] >= '2025-05-22' && dates[0] < '2025-06-22', dates[0]).toBe(true);
    // Every calendar month from June 2025 to October 2026 has usage, and once the founding
    // portfolio has onboarded (its first two months, when usage ramps up), the rows per
    // customer with a live contract that month stay within ±25% of each other (before, usage
    // lived only in each customer's last 90 days: flat health for months, then a jump).
    const rows = new Map<string, number>();
    for (const d of dates) rows.set(d.slice(0, 7), (rows.get(d.slice(0, 7)) ?? 0) + 1);
    const live = new Map<string, Set<string>>();
    for (const c of demo.contracts) {
      if (c.model !== 'recurring') continue;
      const end = [c.endDate, c.canceledAt, TODAY].filter((x): x is string => !!x).sort()[0];
      for (let m = c.startDate!.slice(0, 7); m <= end.slice(0, 7); m = nextMonth(m)) (live.get(m) ?? live.set(m, new Set()).get(m)!).add(c.customerId!);
    }
    const density: number[] = [];
    for (let m = '2025-06'; m <= '2026-10'; m = nextMonth(m)) {
      expect(rows.get(m) ?? 0, m).toBeGreaterThan(0);
      if (m >= '2025-08') density.push((rows.get(m) ?? 0) / live.get(m)!.size);
    }
    expect(Math.max(...density) / Math.min(...density)).toBeLessThan(1.25 / 0.75);
  });

  it("gives the demo owner (the first-start link's name) customers and pending tasks on any date", () => {
    for (const today of ['2026-06-15', '2026-11-22', '2027-03-01']) {
      const d = generateWorkbook({ seed: 42, customers: 300, today });
      expect(d.customers.filter((c) => c.csOwner === DEMO_OWNER).length, today).toBeGreaterThan(5);
      // "My tasks": not done, due before today (late) or within the default 7 days ahead.
      const week = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      const mine = d.activities.filter((a) => a.owner === DEMO_OWNER && !a.doneAt && a.dueDate! <= week);
      expect(mine.length, today).toBeGreaterThan(3);
    }
  });

  it('rejects a malformed today instead of inventing a calendar', () => {
    expect(() => generateWorkbook({ seed: 1, customers: 1, today: '2026-02-30' })).toThrow(/ISO date/);
  });

  it('makes every situation, health band and MRR movement occur in a 300-customer portfolio', () => {
    const metrics = computeCustomerMetrics(demo, TODAY);
    const situations = new Set([...metrics.values()].map((m) => m.situation));
    expect(situations).toEqual(new Set(['risk', 'opportunity', 'neutral']));
    const bands = new Set([...metrics.values()].map((m) => m.healthBand));
    expect(bands).toEqual(new Set(['red', 'yellow', 'green', null])); // null: churned customers
    const { series } = computeDashboard(demo, { asOf: TODAY });
    expect(series).toHaveLength(12);
    for (const k of ['new', 'expansion', 'contraction', 'churned', 'reactivation'] as const) {
      expect(series.some((p) => p.movements[k] > 0), k).toBe(true);
    }
  });

  it('gives rising customers rising health and falling ones falling health', () => {
    const metrics = [...computeCustomerMetrics(demo, TODAY).values()];
    const risk = metrics.filter((m) => m.situation === 'risk');
    const opportunity = metrics.filter((m) => m.situation === 'opportunity');
    // Roughly one active customer in nine falls and one in eight rises (see the generator).
    expect(risk.length).toBeGreaterThanOrEqual(15);
    expect(opportunity.length).toBeGreaterThanOrEqual(15);
    expect(risk.every((m) => m.healthBand === 'red' && (m.variation30d ?? 0) < 0)).toBe(true);
    expect(opportunity.every((m) => m.healthBand === 'green' && (m.engagementScore ?? 0) > 0)).toBe(true);
  });
});
