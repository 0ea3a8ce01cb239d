// Formula columns (settings.customColumns) on one customer: compiled once per definition
// list and locale, evaluated per customer in dependency order. Columns in a reference
// cycle are #CYCLE! (decided from the formulas, not from which branch of an IF runs, as
// in spreadsheets); a column reading one of them gets that error too.
import type { Label } from '../schema.js';
import type { CustomerMetrics, IsoDate } from '../types.js';
import { parseDay } from '../metrics/calendar.js';
import { compile, type Compiled, type Env } from './compile.js';
import type { EvalContext } from './functions.js';
import { parseFormula, tokensOf, type FormulaProblem, type ParseResult } from './parse.js';
import { resolveReference, type CustomColumnDef, type RowScope } from './references.js';
import { EN_SYNTAX, PT_SYNTAX, err, syntaxOf, toCustomValue, type CustomValue, type Syntax, type Value } from './values.js';

interface CompiledColumns {
  ids: string[];
  /** Per id: the evaluator, or a fixed error (#CYCLE!, #NAME? for a formula that does not parse). */
  columns: Map<string, Compiled | Value>;
  syntax: Syntax;
  locale: string;
  collator: Intl.Collator;
}

/**
 * Parses in the workbook locale's syntax and, failing that, in the other one: a formula a
 * colleague wrote before the locale changed, or one written through the API, still runs.
 * Where both read it (SOMA(1,5)), the locale's reading wins.
 */
export function parseLenient(formula: string, locale: string): ParseResult {
  const own = syntaxOf(locale);
  const first = parseFormula(formula, own);
  if (first.ok) return first;
  const other = parseFormula(formula, own.sep === ';' ? EN_SYNTAX : PT_SYNTAX);
  return other.ok ? other : first;
}

/** Columns that sit on a reference cycle (a column naming itself included). */
function cyclic(graph: Map<string, Set<string>>): Set<string> {
  const out = new Set<string>();
  // Tarjan's strongly connected components, iterative (no recursion limit on long chains).
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  for (const root of graph.keys()) {
    if (idx.has(root)) continue;
    const work: [string, string[]][] = [];
    const enter = (v: string) => {
      idx.set(v, index); low.set(v, index); index++;
      stack.push(v); onStack.add(v);
      work.push([v, [...(graph.get(v) ?? [])].filter((w) => graph.has(w))]);
    };
    enter(root);
    while (work.length) {
      const [v, rest] = work[work.length - 1];
      if (rest.length) {
        const w = rest.shift()!;
        if (!idx.has(w)) enter(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || graph.get(v)!.has(v)) for (const c of comp) out.add(c);
      }
    }
  }
  return out;
}

function compileAll(defs: readonly CustomColumnDef[], locale: string): CompiledColumns {
  const columns = new Map<string, Compiled | Value>();
  const graph = new Map<string, Set<string>>();
  for (const d of defs) {
    const p = parseLenient(d.formula, locale);
    if (!p.ok) {
      columns.set(d.id, err('#NAME?'));
      graph.set(d.id, new Set());
      continue;
    }
    const c = compile(p.ast, defs);
    columns.set(d.id, c);
    graph.set(d.id, c.deps);
  }
  for (const id of cyclic(graph)) columns.set(id, err('#CYCLE!'));
  let collator: Intl.Collator;
  try {
    collator = new Intl.Collator(locale, { sensitivity: 'accent' });
  } catch {
    collator = new Intl.Collator('en', { sensitivity: 'accent' });
  }
  return { ids: defs.map((d) => d.id), columns, syntax: syntaxOf(locale), locale, collator };
}

// Compiled once per definition list (settings are resolved once per change) and locale.
const cache = new WeakMap<readonly CustomColumnDef[], Map<string, CompiledColumns>>();
function compiled(defs: readonly CustomColumnDef[], locale: string): CompiledColumns {
  let byLocale = cache.get(defs);
  if (!byLocale) cache.set(defs, (byLocale = new Map()));
  let c = byLocale.get(locale);
  if (!c) byLocale.set(locale, (c = compileAll(defs, locale)));
  return c;
}

/** The value of no formula column: shared, so customers of a workbook without any cost nothing. */
export const NO_CUSTOM_VALUES: Readonly<Record<string, CustomValue>> = Object.freeze({});

/**
 * Every formula column's value on one customer: `metrics.custom`. `metrics` is the
 * customer's other columns on `asOf` (its `custom` is not read).
 */
export function evaluateCustomColumns(
  defs: readonly CustomColumnDef[],
  customer: RowScope['customer'],
  metrics: CustomerMetrics,
  asOf: IsoDate,
  locale: string,
): Record<string, CustomValue> {
  if (defs.length === 0) return NO_CUSTOM_VALUES as Record<string, CustomValue>;
  const c = compiled(defs, locale);
  const today = parseDay(asOf) ?? 0;
  const cx: EvalContext = { syntax: c.syntax, locale: c.locale, today, collator: c.collator };
  const values = new Map<string, Value>();
  const env: Env = {
    scope: { customer, metrics },
    cx,
    custom: (id) => {
      let v = values.get(id);
      if (v === undefined) {
        const col = c.columns.get(id);
        // Static cycle detection guarantees this recursion ends.
        v = col === undefined ? err('#REF!') : isCompiled(col) ? col.run(env) : col;
        values.set(id, v);
      }
      return v;
    },
  };
  const out: Record<string, CustomValue> = {};
  for (const id of c.ids) out[id] = toCustomValue(env.custom(id));
  return out;
}

const isCompiled = (v: Compiled | Value): v is Compiled => typeof v === 'object' && v !== null && 'run' in v;

/**
 * What the column dialog shows while a formula is typed: the first problem with its
 * position, in the workbook locale's syntax (strict: no fallback). Unknown references and
 * functions, wrong argument counts and cycles are refused here, on top of what does not parse.
 */
export function checkFormula(
  formula: string,
  locale: string,
  defs: readonly CustomColumnDef[],
  self: { id: string; label: string },
): { ok: true } | { ok: false; problem: FormulaProblem } {
  const p = parseFormula(formula, syntaxOf(locale));
  if (!p.ok) return p;
  const others = defs.filter((d) => d.id !== self.id);
  const all = [...others, { id: self.id, label: self.label, formula }];
  const c = compile(p.ast, all);
  if (c.problems.length) return { ok: false, problem: c.problems[0] };
  const graph = new Map<string, Set<string>>();
  for (const d of others) {
    const q = parseLenient(d.formula, locale);
    graph.set(d.id, q.ok ? compile(q.ast, all).deps : new Set());
  }
  graph.set(self.id, c.deps);
  if (cyclic(graph).has(self.id)) {
    const len = formula.length;
    const cycle: Label = { en: 'This formula refers back to itself (directly or through other formula columns).', 'pt-BR': 'Esta fórmula faz referência a si mesma (direta ou indiretamente, por outras colunas de fórmula).' };
    return { ok: false, problem: { start: 0, end: Math.max(1, len), message: cycle } };
  }
  return { ok: true };
}

/** Structural check for stored definitions (settings validation): parses in either syntax. */
export function formulaSyntaxProblem(formula: string): FormulaProblem | null {
  const en = parseFormula(formula, EN_SYNTAX);
  if (en.ok) return null;
  const pt = parseFormula(formula, PT_SYNTAX);
  if (pt.ok) return null;
  // Report the reading the author most likely meant: ';' means pt-BR.
  return formula.includes(';') ? pt.problem : en.problem;
}

/**
 * A formula rewritten from one locale's syntax to another's (`SE(x>1,5;1;0)` ⇄
 * `SE(x>1.5,1,0)`): argument separators and decimal marks change, nothing else.
 * Returns the formula unchanged when it does not read in the source syntax.
 */
export function localizeFormula(formula: string, fromLocale: string, toLocale: string): string {
  const from = syntaxOf(fromLocale), to = syntaxOf(toLocale);
  if (from.sep === to.sep && from.decimal === to.decimal) return formula;
  const t = tokensOf(formula, from);
  if (!t.ok) return formula;
  let out = '', at = 0;
  for (const tok of t.tokens) {
    out += formula.slice(at, tok.start);
    const raw = formula.slice(tok.start, tok.end);
    out += tok.t === 'sep' ? to.sep : tok.t === 'number' ? raw.replace(from.decimal, to.decimal) : raw;
    at = tok.end;
  }
  return out + formula.slice(at);
}

/**
 * A formula with its bracket references to a renamed column rewritten (`[Old]` → `[New]`),
 * so renaming a formula column does not break the columns that read it.
 */
export function renameReferences(formula: string, locale: string, defs: readonly CustomColumnDef[], id: string, newLabel: string): string {
  const p = parseLenient(formula, locale);
  if (!p.ok) return formula;
  const spans: [number, number][] = [];
  const walk = (n: import('./parse.js').Node): void => {
    if (n.type === 'ref') {
      const r = resolveReference(n.name, n.bracket, defs);
      if (n.bracket && r?.kind === 'custom' && r.id === id) spans.push([n.start, n.end]);
    } else if (n.type === 'call') n.args.forEach(walk);
    else if (n.type === 'unary' || n.type === 'percent') walk(n.arg);
    else if (n.type === 'binary') { walk(n.left); walk(n.right); }
  };
  walk(p.ast);
  let out = formula;
  for (const [s, e] of spans.sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + `[${newLabel}]` + out.slice(e);
  return out;
}
