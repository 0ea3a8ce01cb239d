// Direct, unoptimised forms of a few metric rules (METRICS.md), used by tests as references
// for the production code's incremental or sliding versions. They lived in core/metrics
// but no production code called them.
import {
  USAGE_WINDOW_DAYS, dayRankings, indicatorNames, percentileIn, saturate,
  type HealthWeights, type IndicatorName, type Indicators, type PUsage, type RankInput,
} from '../../core/index.js';

/** Σ actions and distinct users with actions > 0 in [day − 29, day], by scanning every usage day. */
export function usage30dOn(u: PUsage, day: number): { actions: number; activeUsers: number } {
  let actions = 0;
  const users = new Set<number>();
  for (let i = 0; i < u.days.length; i++) {
    if (u.days[i] <= day - USAGE_WINDOW_DAYS || u.days[i] > day) continue;
    actions += u.actions[i];
    for (let k = u.userStart[i]; k < u.userStart[i + 1]; k++) users.add(u.users[k]);
  }
  return { actions: saturate(actions), activeUsers: users.size };
}

/** Engagement percentile of every customer on every day (null when not active), aligned with `all`. */
export function engagementPercentiles(all: readonly RankInput[], nDays: number): (number | null)[][] {
  const rankings = dayRankings(all, nDays);
  return all.map((c) => {
    const out: (number | null)[] = new Array(nDays);
    for (let i = 0; i < nDays; i++) out[i] = c.active[i] ? percentileIn(rankings[i], c.intensity[i]) : null;
    return out;
  });
}

// The derivation adds the cross-customer indicator (engagement) last: summed in the same
// order, the reference gives bit-identical scores.
const SUM_ORDER: IndicatorName[] = [...indicatorNames.filter((k) => k !== 'engagement'), 'engagement'];

/** Σ wᵢ·vᵢ / Σ wᵢ over indicators with a value and a weight > 0; null if none. */
export function healthScoreOf(ind: Indicators, w: HealthWeights): number | null {
  let num = 0, den = 0;
  for (const k of SUM_ORDER) {
    const v = ind[k], wk = w[k];
    if (v === null || !(wk > 0)) continue;
    num += wk * v;
    den += wk;
  }
  return den > 0 ? num / den : null;
}
