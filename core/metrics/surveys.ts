// NPS, CSAT and CES of a customer over trailing windows (X − window, X].
import type { Settings } from '../types.js';
import type { CustomerRows, PSurvey } from './model.js';

export interface NpsCounts { promoters: number; detractors: number; responses: number }

/** NPS responses in (day − windowDays, day]: promoters (9–10), detractors (0–6), total. */
export function npsCounts(surveys: PSurvey[], day: number, windowDays: number): NpsCounts {
  const out = { promoters: 0, detractors: 0, responses: 0 };
  for (const s of surveys) {
    if (s.day <= day - windowDays || s.day > day) continue;
    out.responses++;
    if (s.score >= 9) out.promoters++;
    else if (s.score <= 6) out.detractors++;
  }
  return out;
}

/** (promoters − detractors) / responses × 100, null without responses. */
export function npsOf(c: NpsCounts): number | null {
  return c.responses === 0 ? null : ((c.promoters - c.detractors) / c.responses) * 100;
}

/** Share of CSAT responses with score ≥ 4 in the window, × 100; null when none. */
export function csatOn(rows: CustomerRows, day: number, settings: Settings): number | null {
  let n = 0, satisfied = 0;
  for (const s of rows.surveys.csat) {
    if (s.day <= day - settings.csatWindowDays || s.day > day) continue;
    n++;
    if (s.score >= 4) satisfied++;
  }
  return n === 0 ? null : (satisfied / n) * 100;
}

/** Mean CES score in the window; null when none. */
export function cesOn(rows: CustomerRows, day: number, settings: Settings): number | null {
  let n = 0, sum = 0;
  for (const s of rows.surveys.ces) {
    if (s.day <= day - settings.cesWindowDays || s.day > day) continue;
    n++;
    sum += s.score;
  }
  return n === 0 ? null : sum / n;
}

/**
 * NPS on each of the ascending `days` (NaN = null), by a sliding window over the
 * day-sorted surveys: each survey enters and leaves the window once.
 */
export function npsSeries(surveys: PSurvey[], days: ArrayLike<number>, windowDays: number): Float64Array {
  return npsSeriesInto(new Float64Array(days.length), surveys, days, windowDays);
}

/** `npsSeries` written into `out` (so hot loops can reuse one buffer). */
export function npsSeriesInto(out: Float64Array, surveys: PSurvey[], days: ArrayLike<number>, windowDays: number): Float64Array {
  let lo = 0, hi = 0, n = 0, net = 0;
  for (let i = 0; i < days.length; i++) {
    const x = days[i];
    while (hi < surveys.length && surveys[hi].day <= x) {
      n++;
      net += npsWeight(surveys[hi++].score);
    }
    while (lo < hi && surveys[lo].day <= x - windowDays) {
      n--;
      net -= npsWeight(surveys[lo++].score);
    }
    out[i] = n === 0 ? NaN : (net / n) * 100;
  }
  return out;
}

const npsWeight = (score: number) => (score >= 9 ? 1 : score <= 6 ? -1 : 0);
