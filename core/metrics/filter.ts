// Which customers a dashboard filter selects (METRICS.md "Dashboard").
// The filter reads the customer row (segment, plan, …) and the customer's derived metrics
// on D (tier, situation, status), so a filter "at risk" means at risk *today*.
import type { Customer } from '../schema.js';
import type { CustomerMetrics, DashboardFilter } from '../types.js';
import { customValueMatcher } from '../formula/filter.js';

export { foldText } from '../text.js';
import { foldText } from '../text.js';

/** Letters and digits only, so "12.345.678/0001-90" and "12345678000190" compare equal. */
const alnum = (s: string): string => s.replace(/[^a-z0-9]/g, '');

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A filter compiled once per dashboard call, then tested against each customer. */
export type CustomerMatcher = (customer: Partial<Customer>, metrics: CustomerMetrics | undefined) => boolean;

const TEXT_FIELDS = ['segment', 'plan', 'phase', 'csOwner', 'csm'] as const;

/**
 * The accepted values of one filter field, or null for "no constraint". Filters arrive from
 * links and storage: a lone string counts as a one-value list, anything else not a list is
 * ignored, and non-string entries never match.
 */
function acceptedList(raw: unknown): string[] | null {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((v) => (typeof v === 'string' ? v : '\u0000'));
}

/**
 * Compiles a filter. Rules (docs/glossary-dashboard.md "Filter"):
 * - each list is a set of accepted values; an absent or empty list does not constrain;
 * - row fields (segment, plan, phase, csOwner, csm) compare folded (case, accents and
 *   surrounding spaces ignored), and `''` in a list accepts customers with the field empty;
 * - tier, situation and status compare exactly with the customer's metrics on D; a customer
 *   without a tier (no tier matches its MRR) is accepted by `''`;
 * - `search` is split on spaces; every word must occur in the folded name or externalId
 *   (also in the externalId stripped of punctuation, so CNPJ digits match either way).
 */
export function compileFilter(filter: DashboardFilter | undefined): CustomerMatcher {
  if (!filter || typeof filter !== 'object') return () => true;
  const checks: CustomerMatcher[] = [];

  for (const field of TEXT_FIELDS) {
    const list = acceptedList(filter[field]);
    if (!list) continue;
    const accepted = new Set(list.map(foldText));
    checks.push((c) => accepted.has(foldText(text(c[field]))));
  }

  const metricList = (raw: unknown, get: (m: CustomerMetrics) => string | null) => {
    const list = acceptedList(raw);
    if (!list) return;
    const accepted = new Set(list);
    checks.push((_c, m) => accepted.has(m ? (get(m) ?? '') : ''));
  };
  metricList(filter.tier, (m) => m.tier);
  metricList(filter.situation, (m) => m.situation);
  metricList(filter.status, (m) => m.status);

  const words = foldText(text(filter.search)).split(' ').filter((w) => w.length > 0);
  if (words.length > 0) {
    const wordsAlnum = words.map(alnum);
    checks.push((c) => {
      const name = foldText(text(c.name));
      const ext = foldText(text(c.externalId));
      const extAlnum = alnum(ext);
      return words.every(
        (w, i) => name.includes(w) || ext.includes(w) || (wordsAlnum[i].length > 0 && extAlnum.includes(wordsAlnum[i])),
      );
    });
  }

  const custom = customValueMatcher(filter.custom);
  if (custom) checks.push((_c, m) => custom(m));

  if (checks.length === 0) return () => true;
  return (c, m) => checks.every((check) => check(c, m));
}

/** Whether a filter's answer depends on the customers' metrics (tier, situation, status, formula columns), not only on their own fields. */
export function filterReadsMetrics(filter: DashboardFilter | undefined): boolean {
  if (!filter || typeof filter !== 'object') return false;
  return [filter.tier, filter.situation, filter.status].some((raw) => acceptedList(raw) !== null) || customValueMatcher(filter.custom) !== null;
}
