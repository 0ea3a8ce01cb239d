// axe-core in the browser tests: run it on what the page shows now and keep the serious and
// critical violations, each as one readable line per element ("rule (impact): help — selector:
// what is wrong"), so a failing assertion says what to fix without opening a report.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** A violation axe reports that the app cannot fix: one rule on one exact element, and why. */
export interface KnownViolation {
  rule: string;
  /** axe's target selector of the element, exactly as reported. */
  target: string;
  why: string;
}

/**
 * Violations left in on purpose. Empty today: every finding so far was fixed in the app (or,
 * for ag-grid, through its options). An entry here must name the exact rule and element and
 * say why it cannot be fixed.
 */
export const KNOWN: readonly KnownViolation[] = [];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  target: string;
  summary: string;
}

/** Serious and critical violations on the page as it is now (optionally inside `within` only). */
export async function seriousViolations(page: Page, within?: string): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page });
  if (within) builder = builder.include(within);
  const result = await builder.analyze();
  const out: AxeFinding[] = [];
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    for (const node of v.nodes) {
      const target = node.target.map(String).join(' ');
      if (KNOWN.some((k) => k.rule === v.id && k.target === target)) continue;
      out.push({ rule: v.id, impact: v.impact, help: v.help, target, summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim() });
    }
  }
  return out;
}

/** One line per finding, for an assertion message. */
export const describeFindings = (fs: AxeFinding[]) => fs.map((f) => `${f.rule} (${f.impact}): ${f.help} — ${f.target}: ${f.summary}`);
