// Syntax tree → evaluator (a tree of closures, built once per formula and run per
// customer), plus the problems a person should fix before saving: unknown functions or
// references, wrong argument counts. Those still compile (to #NAME?, #VALUE!, #REF!), so
// a formula a colleague's edit invalidated shows an error in its cells, never throws.
import type { Label } from '../schema.js';
import { lookupFunction, type EvalContext, type Thunk } from './functions.js';
import type { BinaryOp, FormulaProblem, Node } from './parse.js';
import { resolveReference, type CustomColumnDef, type RowScope } from './references.js';
import {
  SERIAL_OFFSET, dateInRange, err, isDate, isError, num, toNumber, toText,
  type FormulaError, type Value,
} from './values.js';

export interface Env {
  scope: RowScope;
  /** The value of another formula column on the same customer. */
  custom: (id: string) => Value;
  cx: EvalContext;
}
export type Evaluator = (env: Env) => Value;

export interface Compiled {
  run: Evaluator;
  /** Formula columns it reads. */
  deps: Set<string>;
  problems: FormulaProblem[];
}

const L = (en: string, pt: string): Label => ({ en, 'pt-BR': pt });
const constant = (v: Value): Evaluator => () => v;

export function compile(ast: Node, customs: readonly CustomColumnDef[]): Compiled {
  const deps = new Set<string>();
  const problems: FormulaProblem[] = [];
  const problem = (n: Node, message: Label) => problems.push({ start: n.start, end: n.end, message });

  const walk = (n: Node): Evaluator => {
    switch (n.type) {
      case 'number':
      case 'text':
      case 'boolean':
        return constant(n.value);
      case 'ref': {
        const r = resolveReference(n.name, n.bracket, customs);
        if (!r) {
          problem(n, L(`Unknown field "${n.name}".`, `Campo desconhecido "${n.name}".`));
          return constant(err('#REF!'));
        }
        if (r.kind === 'builtin') {
          const read = r.ref.read;
          return (env) => read(env.scope);
        }
        const id = r.id;
        deps.add(id);
        return (env) => env.custom(id);
      }
      case 'call': {
        const f = lookupFunction(n.name);
        const args = n.args.map(walk);
        if (!f) {
          problem(n, L(`Unknown function ${n.name}.`, `Função desconhecida ${n.name}.`));
          return constant(err('#NAME?'));
        }
        const count = n.args.length;
        if (count < f.min || count > f.max || (f.pairs && count % 2 !== 0)) {
          const want = f.max === Infinity ? (f.pairs ? L('pairs of arguments', 'pares de argumentos') : L(`at least ${f.min}`, `pelo menos ${f.min}`))
            : f.min === f.max ? L(`${f.min}`, `${f.min}`) : L(`${f.min} to ${f.max}`, `de ${f.min} a ${f.max}`);
          problem(n, L(`${n.name} takes ${want.en} argument(s), not ${count}.`, `${n.name} recebe ${want['pt-BR']} argumento(s), não ${count}.`));
          return constant(err('#VALUE!'));
        }
        const impl = f.impl;
        return (env) => impl(args.map((a): Thunk => () => a(env)), env.cx);
      }
      case 'unary': {
        const a = walk(n.arg);
        const sign = n.op === '-' ? -1 : 1;
        return (env) => {
          const v = a(env);
          const x = toNumber(v, env.cx.syntax);
          return typeof x === 'number' ? (sign === 1 ? x : -x) + 0 : x; // + 0: never −0
        };
      }
      case 'percent': {
        const a = walk(n.arg);
        return (env) => {
          const x = toNumber(a(env), env.cx.syntax);
          return typeof x === 'number' ? x / 100 : x;
        };
      }
      case 'binary': {
        const l = walk(n.left), r = walk(n.right), op = n.op;
        return (env) => binary(op, l(env), r(env), env.cx);
      }
    }
  };
  return { run: walk(ast), deps, problems };
}

export function binary(op: BinaryOp, a: Value, b: Value, cx: EvalContext): Value {
  if (isError(a)) return a;
  if (isError(b)) return b;
  switch (op) {
    case '&': {
      const x = toText(a, cx.syntax), y = toText(b, cx.syntax);
      if (typeof x !== 'string') return x;
      if (typeof y !== 'string') return y;
      return x + y;
    }
    case '=': case '<>': case '<': case '<=': case '>': case '>=': {
      const c = compare(a, b, cx);
      if (typeof c !== 'number') return c;
      return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
  }
  const x = toNumber(a, cx.syntax), y = toNumber(b, cx.syntax);
  if (typeof x !== 'number') return x;
  if (typeof y !== 'number') return y;
  switch (op) {
    // A date plus or minus whole days stays a date; date − date is a number of days.
    case '+':
      if (isDate(a) !== isDate(b) && Number.isInteger(x + y)) return dateInRange(x + y - SERIAL_OFFSET);
      return num(x + y);
    case '-':
      if (isDate(a) && !isDate(b) && Number.isInteger(x - y)) return dateInRange(x - y - SERIAL_OFFSET);
      return num(x - y);
    case '*':
      return num(x * y);
    case '/':
      return y === 0 ? err('#DIV/0!') : num(x / y);
    case '^':
      return x === 0 && y < 0 ? err('#DIV/0!') : num(Math.pow(x, y));
  }
}

/** Excel's ordering: numbers (dates are numbers) < text < booleans; a blank reads as the other side's empty value. */
type Ranked = { rank: 0; v: number } | { rank: 1; v: string } | { rank: 2; v: boolean };

function ranked(v: Exclude<Value, FormulaError | null>, cx: EvalContext, other: Value): Ranked {
  if (typeof v === 'number') return { rank: 0, v };
  if (typeof v === 'boolean') return { rank: 2, v };
  if (typeof v === 'string') {
    // A date compared with ISO text ("2024-06-30") compares as dates.
    if (other !== null && typeof other === 'object' && isDate(other)) {
      const n = toNumber(v, cx.syntax);
      if (typeof n === 'number' && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(v)) return { rank: 0, v: n };
    }
    return { rank: 1, v };
  }
  return { rank: 0, v: v.day + SERIAL_OFFSET };
}

const emptyOf = (r: Ranked): Ranked => (r.rank === 0 ? { rank: 0, v: 0 } : r.rank === 1 ? { rank: 1, v: '' } : { rank: 2, v: false });
const sig15 = (x: number) => Number(x.toPrecision(15));

function compare(a: Value, b: Value, cx: EvalContext): number | FormulaError {
  if (a === null && b === null) return 0;
  let x = a === null ? null : ranked(a as Exclude<Value, FormulaError | null>, cx, b);
  let y = b === null ? null : ranked(b as Exclude<Value, FormulaError | null>, cx, a);
  if (x === null) x = emptyOf(y!);
  if (y === null) y = emptyOf(x);
  if (x.rank !== y.rank) return x.rank - y.rank;
  if (x.rank === 0) {
    // 15 significant digits, as Excel compares: 0.1 + 0.2 = 0.3 is TRUE.
    const p = sig15(x.v), q = sig15(y.v as number);
    return p === q ? 0 : p < q ? -1 : 1;
  }
  if (x.rank === 1) return Math.sign(cx.collator.compare(x.v, y.v as string));
  return Number(x.v) - Number(y.v as boolean);
}
