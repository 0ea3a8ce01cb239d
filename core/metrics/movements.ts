// MRR movements and churn over one period (METRICS.md "Dashboard": mrrMovements, mrrChurn,
// netMrrChurn, nrr, grr, quickRatio, logoChurn, churnRate). Pure arithmetic over per-customer
// opening/closing figures; the dashboard decides which customers and which days.
import type { Dashboard, MrrMovements } from '../types.js';
import { movementKind } from './month.js';
import { fromMrrUnits } from './money.js';

export const emptyMovements = (): MrrMovements => ({
  opening: 0,
  new: 0,
  expansion: 0,
  contraction: 0,
  churned: 0,
  reactivation: 0,
  closing: 0,
});

/**
 * Adds one customer's period to `acc`: o = mrr at the opening day, c = mrr at the closing
 * day, `activeBefore` = the customer was active on some day before the period started.
 * A customer whose mrr did not change adds only to opening and closing.
 */
export function addMovement(acc: MrrMovements, o: number, c: number, activeBefore: boolean): void {
  acc.opening += o;
  acc.closing += c;
  const kind = movementKind(o, c, activeBefore);
  if (kind !== null) acc[kind] += Math.abs(c - o);
}

/** Movements counted in MRR units (exact integers) as currency: each total rounded once. */
export const movementsToMoney = (m: MrrMovements): MrrMovements => ({
  opening: fromMrrUnits(m.opening),
  new: fromMrrUnits(m.new),
  expansion: fromMrrUnits(m.expansion),
  contraction: fromMrrUnits(m.contraction),
  churned: fromMrrUnits(m.churned),
  reactivation: fromMrrUnits(m.reactivation),
  closing: fromMrrUnits(m.closing),
});

/** a / b, or null when b is 0 (METRICS.md: division by zero gives null). */
export const ratio = (a: number, b: number): number | null => (b === 0 || !Number.isFinite(a / b) ? null : a / b);
export const pct = (a: number, b: number): number | null => {
  const r = ratio(a, b);
  return r === null ? null : r * 100;
};

/** The dashboard figures derived from one month's movements. */
export type MovementFigures = Pick<
  Dashboard,
  'upsell' | 'downsell' | 'mrrChurn' | 'mrrChurnPct' | 'netMrrChurn' | 'netMrrChurnPct' | 'nrr' | 'grr' | 'quickRatio'
>;

/**
 * The dashboard's churn and retention figures derived from one period's movements, given
 * in MRR units (money.ts): sums, differences and ratios are taken on exact integers, so a
 * movement that is zero is exactly zero and the quick ratio is null rather than 1e15.
 */
export function movementFigures(m: MrrMovements): MovementFigures {
  const mrrChurn = m.churned + m.contraction;
  const netMrrChurn = m.churned + m.contraction - m.expansion - m.reactivation;
  return {
    upsell: fromMrrUnits(m.expansion),
    downsell: fromMrrUnits(m.contraction),
    mrrChurn: fromMrrUnits(mrrChurn),
    mrrChurnPct: pct(mrrChurn, m.opening),
    netMrrChurn: fromMrrUnits(netMrrChurn),
    netMrrChurnPct: pct(netMrrChurn, m.opening),
    nrr: pct(m.opening + m.expansion - m.contraction - m.churned, m.opening),
    grr: pct(m.opening - m.contraction - m.churned, m.opening),
    quickRatio: ratio(m.new + m.expansion + m.reactivation, mrrChurn),
  };
}

/** Logo churn of one period: customers active at the opening day, and those of them not active at the close. */
export interface LogoCount { activeAtOpening: number; churned: number }

export const churnRateOf = (l: LogoCount): number | null => pct(l.churned, l.activeAtOpening);
