// The dashboard's action lists, each declared once: id, pt-BR/English label and sentence,
// which rows a selected customer puts in it (the same member rule or tally the matching
// card counts with) and their order. The derivation answers them (catalog/detail.ts; in the
// app the worker), so the view only renders and "my tasks" lists exactly the rows the
// task cards count.
import type { HealthBand, IsoDate } from '../types.js';
import { fromDay } from '../metrics/calendar.js';
import { byId } from '../metrics/block-fold.js';
import { tallies, tallyContextOf, type Tally } from './figures.js';
import { members, type MemberInput } from './members.js';
import { T, type Text } from './text.js';

export interface CustomerListRow { id: string; name: string; health: number | null; band: HealthBand | null; mrr: number; flagged: boolean }
export interface TaskListRow { id: string; customerId: string; customerName: string; title: string; due: IsoDate; late: boolean }
export interface RenewalListRow { id: string; name: string; date: IsoDate; days: number; mrr: number }

export interface ListDef<I extends string = string, R = unknown> {
  id: I;
  label: Text;
  /** One sentence: who is in the list and in what order. */
  formula: Text;
  /** The rows one selected customer puts in the list (none when it is not a member). */
  rows: (x: MemberInput) => R[];
  /** A total order (so the list is the same whatever order its rows were found in). */
  order: (a: R, b: R) => number;
  /** The rows read only the customer's own rows, never its metrics: the list is kept when
   *  an edit moves other customers' metrics (a percentile ripple). */
  rowsOnly?: true;
}

const list = <I extends string, R>(d: ListDef<I, R>): ListDef<I, R> => d;
const nameOf = (x: MemberInput): string => (typeof x.rows.customer.name === 'string' && x.rows.customer.name ? x.rows.customer.name : x.id);
const customerRow = (x: MemberInput, flagged: boolean): CustomerListRow =>
  ({ id: x.id, name: nameOf(x), health: x.m?.healthScore ?? null, band: x.m?.healthBand ?? null, mrr: x.m?.mrr ?? 0, flagged });
const byName = (a: string, b: string) => a.localeCompare(b);

// "My tasks" lists the activities the task cards count: the same tallies, by index.
const taskTally = (id: 'tasksLate' | 'tasksScheduled') => {
  const i = tallies.findIndex((t) => t.id === id);
  return { i, counts: (tallies[i] as Tally<'activities'>).counts };
};
const late = taskTally('tasksLate');
const scheduled = taskTally('tasksScheduled');

/** The four lists, in the order the dashboard shows them. */
export const dashboardListDefs = [
  list({
    id: 'churnRisk', label: T('Churn risk', 'Risco de churn'),
    formula: T('Active customers below the red band or flagged at risk: lowest health first, then the MRR at stake.', 'Clientes ativos abaixo da faixa vermelha ou marcados em risco: menor saúde primeiro, depois o MRR em jogo.'),
    rows: (x): CustomerListRow[] => (members.churnRisk(x) ? [customerRow(x, x.rows.customer.riskFlag === true)] : []),
    // Flagged customers without a score go last.
    order: (a, b) => (a.health ?? Infinity) - (b.health ?? Infinity) || b.mrr - a.mrr || byName(a.name, b.name) || byId(a, b),
  }),
  list({
    id: 'upsell', label: T('Upsell opportunities', 'Oportunidades de upsell'),
    formula: T('Customers in the opportunity situation or flagged for upsell: largest MRR first.', 'Clientes em situação de oportunidade ou marcados para upsell: maior MRR primeiro.'),
    rows: (x): CustomerListRow[] => (members.upsellOpportunities(x) ? [customerRow(x, x.rows.customer.upsellFlag === true)] : []),
    order: (a, b) => b.mrr - a.mrr || (b.health ?? -1) - (a.health ?? -1) || byName(a.name, b.name) || byId(a, b),
  }),
  list({
    id: 'tasks', label: T('My scheduled and late tasks', 'Minhas tarefas agendadas e atrasadas'),
    formula: T('My pending activities, late or due in the next days: late first (oldest first), then by due date.', 'Minhas atividades pendentes, atrasadas ou a vencer nos próximos dias: atrasadas primeiro (mais antigas primeiro), depois por vencimento.'),
    rowsOnly: true,
    rows: (x): TaskListRow[] => {
      if (x.c.tally[2 * late.i] === 0 && x.c.tally[2 * scheduled.i] === 0) return [];
      const tx = tallyContextOf(x.rows, x.ctx);
      const out: TaskListRow[] = [];
      for (const a of x.rows.activities) {
        const isLate = late.counts(a, tx);
        if (!isLate && !scheduled.counts(a, tx)) continue;
        out.push({ id: a.id, customerId: x.id, customerName: nameOf(x), title: a.title, due: fromDay(a.due!), late: isLate });
      }
      return out;
    },
    order: (a, b) => Number(b.late) - Number(a.late) || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || byName(a.customerName, b.customerName) || byId(a, b),
  }),
  list({
    id: 'renewals', label: T('Renewals in the next 30 days', 'Renovações nos próximos 30 dias'),
    formula: T('Renewal date between the as-of date and 30 days later: soonest first.', 'Data de renovação entre a data de referência e 30 dias depois: a mais próxima primeiro.'),
    rows: (x): RenewalListRow[] =>
      members.renewalsSoon(x) && x.m?.renewalDate != null && x.m.daysToRenewal != null
        ? [{ id: x.id, name: nameOf(x), date: x.m.renewalDate, days: x.m.daysToRenewal, mrr: x.m.mrr }]
        : [],
    order: (a, b) => a.days - b.days || b.mrr - a.mrr || byName(a.name, b.name) || byId(a, b),
  }),
] as const;

type ListEntry = (typeof dashboardListDefs)[number];
export type DashboardListId = ListEntry['id'];
/** Each list's rows, ordered: `{ churnRisk: CustomerListRow[], tasks: TaskListRow[], ... }`. */
export type DashboardLists = { [L in ListEntry as L['id']]: ReturnType<L['rows']> };
