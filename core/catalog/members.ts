// Customer rules of the dashboard: which selected customers a figure is about (the
// active ones, those behind a movement, the churn-risk list...). Declared once; the
// dashboard counts and lists with them and the drill-down answers "which customers are
// behind figure F" with the same function. Row-level rules are the tallies (tallies.ts):
// a customer is behind a tally when it has at least one counted row.
import type { CustomerMetrics, HealthBand, Situation } from '../types.js';
import type { Contribution, DashboardContext } from '../metrics/dashboard-contribution.js';
import type { CustomerRows } from '../metrics/model.js';
import { movementKind, type MovementKind } from '../metrics/month.js';
import { RENEWAL_SOON_DAYS } from './columns.js';
import { tallies, type TallyId } from './figures.js';

/** One selected customer as the rules see it: rows, metrics on D, cached contribution. */
export interface MemberInput {
  id: string;
  rows: CustomerRows;
  m: CustomerMetrics | undefined;
  c: Contribution;
  ctx: DashboardContext;
}

/** MRR at the opening (O) and on D, in MRR units, and "active before S" (series month n − 1 = the current month). */
function opening(x: MemberInput): { o: number; c: number; before: boolean } {
  const n = x.ctx.bounds.length - 1;
  return { o: x.c.values[n - 1], c: x.c.values[n], before: (x.c.everMask & (1 << (n - 1))) !== 0 };
}
const activeAt = (x: MemberInput, b: number) => (x.c.activeMask & (1 << b)) !== 0;
const moved = (kind: MovementKind) => (x: MemberInput) => {
  const { o, c, before } = opening(x);
  return movementKind(o, c, before) === kind;
};

export const members = {
  all: () => true,
  active: (x: MemberInput) => x.m?.status === 'active',
  everActive: (x: MemberInput) => x.c.everActiveByD,
  withHealth: (x: MemberInput) => typeof x.m?.healthScore === 'number',
  withNps: (x: MemberInput) => typeof x.m?.nps === 'number',
  withCsat: (x: MemberInput) => typeof x.m?.csat === 'number',
  /** Active on D with health below the red band, or flagged at risk. */
  churnRisk: (x: MemberInput) =>
    x.m?.status === 'active' &&
    ((x.m.healthScore !== null && x.m.healthScore < x.ctx.settings.healthBands.red) || x.rows.customer.riskFlag === true),
  /** Situation 'opportunity', or flagged for upsell. */
  upsellOpportunities: (x: MemberInput) => x.m?.situation === 'opportunity' || x.rows.customer.upsellFlag === true,
  openingActive: (x: MemberInput) => activeAt(x, x.ctx.bounds.length - 2),
  logoChurn: (x: MemberInput) => activeAt(x, x.ctx.bounds.length - 2) && !activeAt(x, x.ctx.bounds.length - 1),
  new: moved('new'),
  expansion: moved('expansion'),
  contraction: moved('contraction'),
  churned: moved('churned'),
  reactivation: moved('reactivation'),
  /** Behind MRR churn: churned or contracted. */
  mrrChurn: (x: MemberInput) => {
    const { o, c } = opening(x);
    return o > 0 && c < o;
  },
  /** Any MRR movement this month (the quick ratio's customers). */
  movers: (x: MemberInput) => {
    const { o, c } = opening(x);
    return o !== c;
  },
  overdueInvoices: (x: MemberInput) => (x.m?.overdueInvoices ?? 0) > 0,
  /** Renewal within [D, D + RENEWAL_SOON_DAYS]: the dashboard's renewals list. */
  renewalsSoon: (x: MemberInput) => {
    const d = x.m?.daysToRenewal;
    return typeof d === 'number' && d >= 0 && d <= RENEWAL_SOON_DAYS;
  },
} satisfies Record<string, (x: MemberInput) => boolean>;

export type MemberId = keyof typeof members;

/** What a drill-down can ask for: a customer rule, a tally, or a health band / situation slice. */
export type DrillKey = MemberId | TallyId | `band:${HealthBand | 'none'}` | `situation:${Situation}`;

const tallyAt = new Map<string, number>(tallies.map((t, i) => [t.id, i]));

/** The rule behind a drill key (null for an unknown key). */
export function ruleOf(key: string): ((x: MemberInput) => boolean) | null {
  if (Object.hasOwn(members, key)) return members[key as MemberId];
  const i = tallyAt.get(key);
  if (i !== undefined) return (x) => x.c.tally[2 * i] > 0;
  const [kind, arg] = key.split(':');
  if (kind === 'band' && (arg === 'red' || arg === 'yellow' || arg === 'green')) return (x) => x.m?.healthBand === arg;
  // Active customers without a score (no indicator has a value): the pie's grey slice.
  if (kind === 'band' && arg === 'none') return (x) => x.m?.status === 'active' && x.m.healthBand == null;
  if (kind === 'situation' && (arg === 'risk' || arg === 'opportunity' || arg === 'neutral')) return (x) => x.m?.situation === arg;
  return null;
}
