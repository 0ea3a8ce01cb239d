// The edits a CSM makes in the grid, drawn at random for the engine benchmarks.
import { surveyScoreRange } from '../core/index.js';
import type { TableName, Workbook } from '../core/index.js';
import type { Rng } from '../core/demo/index.js';
import { TODAY } from './fixture.js';

/** Row ids per table to draw from (WorkbookData fits, as do lists of ids). */
export type RowIds = { readonly [T in TableName]: readonly { id: string }[] };

/** A valid one-cell patch for a random row of `table` (the kind of edit a CSM makes in the grid). */
export function randomEdit(rng: Rng, wb: Workbook, data: RowIds, table: TableName): { id: string; patch: Record<string, unknown> } {
  const rows = data[table];
  const id = rows[rng.int(0, rows.length - 1)].id;
  const cur = wb.get(table, id) as Record<string, unknown> | undefined;
  const toggleDate = (f: string) => ({ [f]: cur?.[f] ? null : TODAY });
  switch (table) {
    case 'customers': return { id, patch: rng.chance(0.5) ? { riskFlag: !cur?.riskFlag } : { segment: rng.pick(['SaaS', 'Indústria', 'Comércio', 'Serviços']) } };
    case 'contracts': return { id, patch: { value: Math.round(Number(cur?.value ?? 1000) * (0.8 + rng.next() * 0.4)) } };
    case 'activities': return { id, patch: toggleDate('doneAt') };
    case 'surveys': {
      const [lo, hi] = surveyScoreRange[(cur?.kind as 'nps' | 'csat' | 'ces') ?? 'nps'];
      return { id, patch: { score: rng.int(lo, hi) } };
    }
    case 'invoices': return { id, patch: toggleDate('paidAt') };
    case 'tickets': return { id, patch: toggleDate('closedAt') };
    case 'usage': return { id, patch: { actions: rng.int(0, 120) } };
    case 'contacts': return { id, patch: { active: cur?.active === false } };
  }
}

