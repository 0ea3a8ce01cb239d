// Response schemas of the reads, mirroring core/types.ts (CustomerMetrics, Dashboard);
// the glossaries (docs/glossary.md, docs/glossary-dashboard.md) define every field.
import { z } from '@hono/zod-openapi';

const num = z.number();
const n = num.nullable();
const date = z.string().nullable();

export const CustomerMetricsSchema = z.object({
  status: z.enum(['active', 'inactive']),
  mrr: num, arr: num, licenses: num, tier: z.string().nullable(),
  lastPurchase: date, renewalDate: date, daysToRenewal: n,
  ltv: num, lifetimeMonths: num, tcv: num,
  overdueInvoices: num, ticketsAboveSla: num, pendingActivities: num, lateActivities: num,
  lastInteraction: date, activeUsers30d: num, actions30d: num,
  nps: n, csat: n, ces: n,
  sponsor: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  engagementScore: n,
  indicators: z.object({ engagement: n, nps: n, financial: n, support: n, adoption: n, relationship: n }),
  healthScore: n,
  healthBand: z.enum(['red', 'yellow', 'green']).nullable(),
  situation: z.enum(['risk', 'opportunity', 'neutral']),
  variation7d: n, variation15d: n, variation30d: n,
}).openapi('CustomerMetrics', { description: 'Every customer metric (docs/glossary.md).' });

const Movements = z.object({ opening: num, new: num, expansion: num, contraction: num, churned: num, reactivation: num, closing: num });

export const DashboardSchema = z.object({
  customers: num, activeCustomers: num, mrr: num, arr: num, arpa: n, healthScore: n, nps: n, npsOverall: n, csat: n,
  ltv: n, lifetimeMonths: n, ltvProjected: n, mrrMovements: Movements, upsell: num, downsell: num,
  mrrChurn: num, mrrChurnPct: n, netMrrChurn: num, netMrrChurnPct: n, nrr: n, grr: n, quickRatio: n,
  logoChurn: num, churnRate: n,
  newContracts: z.object({ count: num, mrr: num }),
  endingContracts: z.object({ count: num, mrr: num }),
  transactionalRevenue: z.object({ year: num, month: num }),
  churnRisk: z.array(z.string()), upsellOpportunities: z.array(z.string()),
  tasks: z.object({ scheduled: num, late: num }),
  tickets: z.object({ opened: num, finished: num, pending: num, finishedPct: n, pendingPct: n }),
  invoices: z.object({ due: num, received: num, toBeDue: num, overdue: num, receivedPct: n, toBeDuePct: n, overduePct: n }),
  series: z.array(z.object({ month: z.string(), health: n, mrr: num, movements: Movements, upsell: num, churnRate: n, nps: n })),
}).openapi('Dashboard', { description: 'The dashboard (docs/glossary-dashboard.md), as core\'s computeDashboard returns it.' });
