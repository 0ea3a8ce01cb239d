// The rules of "the current month" (METRICS.md, Dashboard): which contract is new or
// ending, which task is late, which ticket or invoice of the month is in which state.
// The dashboard counts with them and its drill-down lists customers with them, so a card
// and the customers behind it can never disagree. Days are day numbers; S/M are the
// month's first/last day, D the as-of day.
import type { MrrMovements } from '../types.js';
import type { PActivity, PContract, PInvoice, PTicket } from './model.js';

export type MovementKind = keyof Pick<MrrMovements, 'new' | 'expansion' | 'contraction' | 'churned' | 'reactivation'>;

/** o = mrr at the opening, c = mrr at the close; null when the customer's mrr did not move. */
export function movementKind(o: number, c: number, activeBefore: boolean): MovementKind | null {
  if (o === 0 && c > 0) return activeBefore ? 'reactivation' : 'new';
  if (o > 0 && c > o) return 'expansion';
  if (c > 0 && c < o) return 'contraction';
  if (c === 0 && o > 0) return 'churned';
  return null;
}

/** A recurring contract starting in [S, D] (counts as new only when its customer was never active before S). */
export const startsInMonth = (k: PContract, S: number, D: number): boolean =>
  k.model === 'recurring' && k.start !== null && k.start >= S && k.start <= D;

/** A recurring contract whose end falls in [S, M], not auto-renewing and not canceled before S. */
export const endsInMonth = (k: PContract, S: number, M: number): boolean =>
  k.model === 'recurring' && k.end !== null && k.end >= S && k.end <= M && !k.autoRenew && (k.canceled === null || k.canceled >= S);

/** Transactional revenue of a contract started in [from, D] in whole cents: one-off value + setup fee. */
export const transactionalCents = (k: PContract, from: number, D: number): number =>
  k.start !== null && k.start >= from && k.start <= D ? (k.model === 'one-off' ? k.valueCents : 0) + k.setupFeeCents : 0;


/** A pending task's state on D: late (due before D), scheduled (due in [D, horizon]) or neither. */
export function taskState(a: PActivity, D: number, horizon: number): 'late' | 'scheduled' | null {
  if (a.due === null || (a.done !== null && a.done <= D)) return null;
  if (a.due < D) return 'late';
  return a.due <= horizon ? 'scheduled' : null;
}

/** A ticket opened in [S, D]: finished when closed by D, else pending; null when not of the month. */
export function ticketOfMonth(t: PTicket, S: number, D: number): 'finished' | 'pending' | null {
  if (t.opened === null || t.opened < S || t.opened > D) return null;
  return t.closed !== null && t.closed <= D ? 'finished' : 'pending';
}

/** An invoice due in [S, M]: received (paid by D), overdue (unpaid, due before D) or to be due; null when not of the month. */
export function invoiceOfMonth(inv: PInvoice, S: number, M: number, D: number): 'received' | 'overdue' | 'toBeDue' | null {
  if (inv.due === null || inv.due < S || inv.due > M) return null;
  if (inv.paid !== null && inv.paid <= D) return 'received';
  return inv.due < D ? 'overdue' : 'toBeDue';
}
