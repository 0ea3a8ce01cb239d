// Metrics travel from the derivation worker in messages of at most METRICS_PER_MESSAGE
// customers: the main thread deserializes each message in the task that receives it, and
// 10,000 customers' metrics in one (after an import, an as-of change, the first load) was a
// task well over 100 ms. The parts are put back together before anyone sees them, so
// listeners still get one change, as before.
import type { CustomerMetrics } from '../../core/index.js';

export const METRICS_PER_MESSAGE = 1000;

export interface MetricsMessage {
  type: 'metrics';
  all: boolean;
  entries: [string, CustomerMetrics][];
  removed: string[];
  ms: number;
  /** More parts of this change follow; apply nothing until the last. */
  more?: boolean;
}

/** One change of metrics as messages of at most `per` entries (at least one message). */
export function splitMetrics(change: Omit<MetricsMessage, 'type' | 'more'>, per = METRICS_PER_MESSAGE): MetricsMessage[] {
  const out: MetricsMessage[] = [];
  for (let i = 0; i + per < change.entries.length; i += per) {
    out.push({ type: 'metrics', all: change.all, entries: change.entries.slice(i, i + per), removed: [], ms: change.ms, more: true });
  }
  const rest = change.entries.length - (out.length * per);
  out.push({ type: 'metrics', all: change.all, entries: change.entries.slice(change.entries.length - rest), removed: change.removed, ms: change.ms });
  return out;
}

/** Main-thread side: gathers the parts; returns the whole change with the last part, else null. */
export class MetricsAssembler {
  private parts: [string, CustomerMetrics][][] = [];
  take(m: MetricsMessage): MetricsMessage | null {
    this.parts.push(m.entries);
    if (m.more) return null;
    const entries = this.parts.length === 1 ? m.entries : this.parts.flat();
    this.parts = [];
    return { type: 'metrics', all: m.all, entries, removed: m.removed, ms: m.ms };
  }
}
