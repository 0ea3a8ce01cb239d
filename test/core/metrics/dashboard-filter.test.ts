// Every DashboardFilter field and the free-text search, on four hand-made customers.
// D = 2026-03-15.
import { describe, expect, it } from 'vitest';
import { computeDashboard } from '../../../core/metrics/dashboard.js';
import type { DashboardFilter } from '../../../core/types.js';
import { customer, invoice, recurring, workbook } from './dashboard-helpers.js';

const asOf = '2026-03-15';

// C3's health falls on D: two invoices fall overdue on 03-13 and 03-14, so its financial
// indicator drops from 100 to 0 and its score from 5000/70 ≈ 71.4 to 3000/70 ≈ 42.9 (red),
// below its 60-day mean: situation 'risk'. Every other customer stays 'neutral'.
const data = workbook({
  customers: [
    customer('C1', { name: 'Acme Comércio Ltda', externalId: '12.345.678/0001-90', segment: 'SaaS', plan: 'Pro', phase: 'Adoção', csOwner: 'Ana Souza', csm: 'Carlos' }),
    customer('C2', { name: 'Padaria São João', externalId: '98.765.432/0001-10', segment: 'saas ', plan: 'Basic', phase: 'Onboarding', csOwner: 'Bruno', csm: 'Carlos' }),
    customer('C3', { name: 'Metalúrgica Brasil', externalId: '111.222.333-44', segment: 'Indústria', plan: 'Pro', phase: 'Renovação', csOwner: 'ana souza', csm: 'Dora' }),
    customer('C4', { name: 'Beta Serviços' }),
  ],
  contracts: [
    recurring('C1', 10000, '2025-01-01'), // Tier 1
    recurring('C2', 2000, '2025-01-01'), // Tier 2
    recurring('C3', 100, '2025-01-01'), // Tech Touch
    recurring('C4', 500, '2025-01-01', { endDate: '2025-12-31' }), // inactive on D: mrr 0, Tech Touch
  ],
  invoices: [invoice('C3', '2026-03-12'), invoice('C3', '2026-03-13')],
});

/** Selected customer ids, read through the figures (mrr identifies each selection uniquely here). */
const select = (filter: DashboardFilter) => computeDashboard(data, { asOf, filter });

describe('dashboard filter', () => {
  it('absent or empty lists and a blank search do not constrain', () => {
    expect(select({}).customers).toBe(4);
    expect(select({ segment: [], plan: [], phase: [], csOwner: [], csm: [], tier: [], situation: [], status: [], search: '   ' }).customers).toBe(4);
  });

  it('segment: case and surrounding spaces ignored; "" selects customers without one', () => {
    const saas = select({ segment: ['SAAS'] });
    expect(saas.customers).toBe(2);
    expect(saas.mrr).toBe(12000); // C1 + C2
    const none = select({ segment: [''] });
    expect(none.customers).toBe(1);
    expect(none.activeCustomers).toBe(0); // C4
  });

  it('plan, phase (accents ignored), csOwner, csm', () => {
    expect(select({ plan: ['Pro'] }).mrr).toBe(10100); // C1 + C3
    expect(select({ phase: ['adocao'] }).mrr).toBe(10000); // C1
    expect(select({ phase: ['Onboarding', 'Renovação'] }).mrr).toBe(2100); // C2 + C3
    expect(select({ csOwner: ['Ana Souza'] }).mrr).toBe(10100); // C1 + C3
    expect(select({ csm: ['Carlos'] }).mrr).toBe(12000); // C1 + C2
    expect(select({ csm: ['Dora', 'Nobody'] }).mrr).toBe(100); // C3
  });

  it('tier comes from the customer MRR on D', () => {
    expect(select({ tier: ['Tier 1', 'Tier 2'] }).mrr).toBe(12000);
    const techTouch = select({ tier: ['Tech Touch'] });
    expect(techTouch.customers).toBe(2); // C3 and C4 (mrr 0 ≥ 0)
    expect(techTouch.mrr).toBe(100);
  });

  it('situation comes from the health history as of D', () => {
    const risk = select({ situation: ['risk'] });
    expect(risk.customers).toBe(1);
    expect(risk.mrr).toBe(100);
    expect(risk.churnRisk).toEqual(['C3']);
    expect(risk.invoices.due).toBe(2); // only the selected customers' rows count
    expect(select({ situation: ['neutral'] }).customers).toBe(3);
    expect(select({ situation: ['opportunity'] }).customers).toBe(0);
  });

  it('status', () => {
    expect(select({ status: ['inactive'] }).customers).toBe(1);
    expect(select({ status: ['active'] }).mrr).toBe(12100);
  });

  it('fields combine with AND; an empty selection gives nulls', () => {
    expect(select({ plan: ['Pro'], csOwner: ['ANA SOUZA'], csm: ['Dora'] }).mrr).toBe(100);
    const none = select({ plan: ['Pro'], status: ['inactive'] });
    expect(none.customers).toBe(0);
    expect(none.mrr).toBe(0);
    expect(none.arpa).toBeNull();
    expect(none.healthScore).toBeNull();
    expect(none.invoices.due).toBe(0);
  });

  it('search: name or externalId, case and accents ignored, every word must match', () => {
    expect(select({ search: 'ACME' }).mrr).toBe(10000);
    expect(select({ search: 'sao joao' }).mrr).toBe(2000);
    expect(select({ search: 'brasil metal' }).mrr).toBe(100); // words in any order
    expect(select({ search: 'acme brasil' }).customers).toBe(0); // words from two customers
    expect(select({ search: 'serviços' }).customers).toBe(1); // C4
    expect(select({ search: 'ltda' }).mrr).toBe(10000);
  });

  it('a malformed filter (from a link or old storage) never throws', () => {
    expect(select({ segment: 'Indústria' as never }).mrr).toBe(100); // a lone string is a one-value list
    expect(select({ plan: 42 as never, csm: [null, 'Dora'] as never, search: 7 as never }).mrr).toBe(100); // only 'Dora' counts
    expect(select({ tier: [undefined] as never }).customers).toBe(0);
    expect(computeDashboard(data, { asOf, filter: null as never }).customers).toBe(4);
  });

  it('search: externalId with or without punctuation', () => {
    expect(select({ search: '12345678' }).mrr).toBe(10000); // digits of C1's CNPJ
    expect(select({ search: '98.765' }).mrr).toBe(2000);
    expect(select({ search: '0001' }).mrr).toBe(12000); // both CNPJs
    expect(select({ search: '333-44' }).mrr).toBe(100);
  });
});
