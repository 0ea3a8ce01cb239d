// Health (Sense Score): six indicators 0–100, a weighted mean, a band, and the breakdown
// the grid shows so that every score can be explained.
import type { HealthBand, HealthWeights, IndicatorName, Indicators, Settings } from '../types.js';

/** The six health indicators: the one list validation, settings, the score, its breakdown and the Settings view iterate. */
export const indicatorNames: readonly IndicatorName[] = ['engagement', 'adoption', 'nps', 'support', 'financial', 'relationship'];

/** min(100, 100 × activeUsers / licenses); null without licenses. */
export function adoptionIndicator(activeUsers30d: number, licenses: number): number | null {
  return licenses > 0 ? Math.min(100, (100 * activeUsers30d) / licenses) : null;
}

/** NPS −100..100 mapped to 0..100. */
export function npsIndicator(nps: number | null): number | null {
  return nps === null ? null : (nps + 100) / 2;
}

/** 100 − 25 per ticket above SLA, floored at 0. */
export function supportIndicator(ticketsAboveSla: number): number {
  return Math.max(0, 100 - 25 * ticketsAboveSla);
}

/** 100 − 50 per overdue invoice, floored at 0. */
export function financialIndicator(overdueInvoices: number): number {
  return Math.max(0, 100 - 50 * overdueInvoices);
}

/** 100 up to 30 days since the last interaction, 0 from 90 (or never), linear between. */
export function relationshipIndicator(lastInteraction: number | null, day: number): number {
  if (lastInteraction === null) return 0;
  const g = day - lastInteraction;
  if (g <= 30) return 100;
  if (g >= 90) return 0;
  return (100 * (90 - g)) / 60;
}

/** score < red → red; score ≥ green → green; else yellow; null without a score. */
export function healthBandOf(score: number | null, bands: Settings['healthBands']): HealthBand | null {
  if (score === null) return null;
  return score < bands.red ? 'red' : score >= bands.green ? 'green' : 'yellow';
}

export interface BreakdownLine {
  indicator: IndicatorName;
  value: number | null;
  weight: number;
  /** Points this indicator adds to the score (weight share × value); 0 when it does not count. */
  contribution: number;
}

/** The score's explanation: contributions sum to the health score (when there is one). */
export function healthBreakdown(ind: Indicators, w: HealthWeights): BreakdownLine[] {
  let den = 0;
  for (const k of indicatorNames) if (ind[k] !== null && w[k] > 0) den += w[k];
  return indicatorNames.map((k) => {
    const value = ind[k], weight = w[k];
    const counts = value !== null && weight > 0 && den > 0;
    return { indicator: k, value, weight, contribution: counts ? (weight * value) / den : 0 };
  });
}
