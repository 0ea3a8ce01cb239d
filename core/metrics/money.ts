// Exact money (METRICS.md Conventions). Amounts are whole cents, so sums, differences and
// comparisons of money are made on integers: an amount is counted in cents, and a monthly
// recurring value in MRR units = 12 × its cents (1/1200 of the currency), a whole number
// for every billing period (1, 3, 6, 12 divide 12). Integers below 2^53 add exactly in a
// double, so the same MRR written as different contract splits gives bit-identical sums,
// movements and ratios; a value is turned back into currency once, at the end (one rounding).

/**
 * Largest amount the metrics count (currency units). Larger (still valid) amounts count as
 * this cap, so no sum of up to a million rows can overflow to Infinity and an amount's MRR
 * units (≤ 1.2e15) stay exact integers. Validation may refuse lower; this is the backstop.
 */
export const MONEY_CAP = 1e12;

/** MRR units per currency unit of monthly value: 12 × 100 cents. */
export const MRR_UNIT = 1200;

/** A non-negative amount in whole cents (rounded to the cent, capped at MONEY_CAP). */
export function toCents(amount: number): number {
  if (!(amount > 0)) return 0;
  return Math.round(Math.min(amount, MONEY_CAP) * 100);
}

/** An amount of currency from whole cents. */
export const fromCents = (cents: number): number => cents / 100;

/** MRR units (12 × monthly cents) of a recurring value billed every `billingPeriodMonths`. */
export const mrrUnits = (valueCents: number, billingPeriodMonths: number): number => valueCents * (12 / billingPeriodMonths);

/** Monthly currency from MRR units (one rounding). */
export const fromMrrUnits = (units: number): number => units / MRR_UNIT;

/** Annual currency (12 × MRR) from MRR units: 12 × units / 1200 = units / 100. */
export const annualFromMrrUnits = (units: number): number => units / 100;

/** x when finite, else null: the last guard of a metric that may not be NaN or Infinity. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
