// Five formula columns of the shapes people write (docs/formulas.md), for the `formulas`
// bench section and its fresh-process probes: a nested IF over a metric, money arithmetic,
// text joining, a date difference, and one formula reading another.
import type { CustomColumn } from '../core/index.js';

export const BENCH_FORMULAS: CustomColumn[] = [
  { id: 'health_word', label: 'Health word', formula: 'IF(healthScore < 50, "at risk", IF(healthScore < 75, "watch", "healthy"))' },
  { id: 'annual', label: 'Annual', formula: 'ROUND(mrr*12, 0)', format: 'money' },
  { id: 'seg_plan', label: 'Segment and plan', formula: 'CONCAT(segment, " · ", plan)' },
  { id: 'days_left', label: 'Days left', formula: 'DAYS(renewalDate, TODAY())' },
  { id: 'per_license', label: 'Per license', formula: '[Annual] / MAX(licenses, 1)', format: 'money' },
];
