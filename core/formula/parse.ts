// Formula text → syntax tree, Excel style, with the position of every node so a formula
// that does not parse is refused with "where". A small Pratt parser: Excel's precedence
// (comparison < & < + − < * / < ^ < unary minus < %), ^ left-associative as in Excel
// (2^3^2 = 64) and unary minus above ^ (−2^2 = 4). Never throws: errors are returned.
import type { Label } from '../schema.js';
import { EN_SYNTAX, type Syntax } from './values.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=';

interface Span { start: number; end: number }
export type Node =
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'text'; value: string } & Span)
  | ({ type: 'boolean'; value: boolean } & Span)
  /** A field, metric or formula column: `mrr`, `indicators.nps`, `[Health score]`. */
  | ({ type: 'ref'; name: string; bracket: boolean } & Span)
  | ({ type: 'call'; name: string; args: Node[] } & Span)
  | ({ type: 'unary'; op: '-' | '+'; arg: Node } & Span)
  | ({ type: 'percent'; arg: Node } & Span)
  | ({ type: 'binary'; op: BinaryOp; left: Node; right: Node } & Span);

/** A problem at a position of the formula text (0-based offset; `end` exclusive). */
export interface FormulaProblem { start: number; end: number; message: Label }

export type ParseResult = { ok: true; ast: Node } | { ok: false; problem: FormulaProblem };

export type Tok =
  | ({ t: 'number'; value: number } & Span)
  | ({ t: 'text'; value: string } & Span)
  | ({ t: 'name'; value: string } & Span)
  | ({ t: 'bracket'; value: string } & Span)
  | ({ t: 'op'; value: string } & Span)
  | ({ t: '(' | ')' | 'sep' | 'end' } & Span);

/** Longest formula accepted (characters) and deepest nesting: beyond, the formula is refused. */
export const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 64;

class Failure {
  constructor(readonly problem: FormulaProblem) {}
}
const L = (en: string, pt: string): Label => ({ en, 'pt-BR': pt });
const fail = (start: number, end: number, message: Label): never => {
  throw new Failure({ start, end: Math.max(end, start + 1), message });
};

const isNameStart = (c: string) => /[\p{L}_]/u.test(c);
const isNamePart = (c: string) => /[\p{L}\p{N}_.]/u.test(c);

function tokenize(src: string, syntax: Syntax): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  const digits = (from: number) => {
    let j = from;
    while (j < n && src[j] >= '0' && src[j] <= '9') j++;
    return j;
  };
  while (i < n) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    const startsNumber = (c >= '0' && c <= '9') || (c === syntax.decimal && src[i + 1] >= '0' && src[i + 1] <= '9');
    if (startsNumber) {
      let j = digits(i);
      if (src[j] === syntax.decimal && /[0-9]/.test(src[j + 1] ?? '')) j = digits(j + 1);
      if ((src[j] === 'e' || src[j] === 'E') && /[0-9+-]/.test(src[j + 1] ?? '')) {
        const k = digits(j + 1 + (src[j + 1] === '+' || src[j + 1] === '-' ? 1 : 0));
        if (k > j + 1 && /[0-9]/.test(src[k - 1])) j = k;
      }
      if (syntax.decimal === ',' && src[j] === '.' && /[0-9]/.test(src[j + 1] ?? '')) {
        fail(j, j + 1, L('Use a comma as the decimal separator (1,5), as the workbook locale does.', 'Use vírgula como separador decimal (1,5), como na localidade da planilha.'));
      }
      const value = Number(src.slice(start, j).replace(',', '.'));
      if (!Number.isFinite(value)) fail(start, j, L('This number is too large.', 'Este número é grande demais.'));
      out.push({ t: 'number', value, start, end: j });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1, value = '';
      for (;;) {
        if (j >= n) fail(start, n, L('This text has no closing quote (").', 'Falta fechar as aspas (") deste texto.'));
        if (src[j] === '"') {
          if (src[j + 1] === '"') { value += '"'; j += 2; continue; }
          break;
        }
        value += src[j++];
      }
      out.push({ t: 'text', value, start, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      const close = src.indexOf(']', i + 1);
      if (close < 0) fail(start, n, L('This [reference] has no closing bracket.', 'Falta fechar o colchete desta [referência].'));
      const value = src.slice(i + 1, close).trim();
      if (value === '') fail(start, close + 1, L('Empty reference: write a field name between the brackets.', 'Referência vazia: escreva o nome de um campo entre os colchetes.'));
      out.push({ t: 'bracket', value, start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNamePart(src[j])) j++;
      out.push({ t: 'name', value: src.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    if (c === '(' || c === ')') { out.push({ t: c, start, end: i + 1 }); i++; continue; }
    if (c === ';' || (c === ',' && syntax.sep === ',')) { out.push({ t: 'sep', start, end: i + 1 }); i++; continue; }
    if (c === ',') fail(i, i + 1, L('Separate arguments with ";" (the workbook locale writes 1,5 for decimals).', 'Separe os argumentos com ";" (a vírgula é o separador decimal).'));
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') { out.push({ t: 'op', value: two, start, end: i + 2 }); i += 2; continue; }
    if ('+-*/^&=<>%'.includes(c)) { out.push({ t: 'op', value: c, start, end: i + 1 }); i++; continue; }
    fail(i, i + 1, L(`Unexpected character "${c}".`, `Caractere inesperado "${c}".`));
  }
  out.push({ t: 'end', start: n, end: n });
  return out;
}

const INFIX: Record<string, [left: number, right: number]> = {
  '=': [1, 2], '<>': [1, 2], '<': [1, 2], '<=': [1, 2], '>': [1, 2], '>=': [1, 2],
  '&': [3, 4],
  '+': [5, 6], '-': [5, 6],
  '*': [7, 8], '/': [7, 8],
  '^': [9, 10],
};
const PREFIX_BP = 11;
const POSTFIX_BP = 13;

class Parser {
  private k = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok { return this.toks[this.k]; }
  private next(): Tok { return this.toks[this.k++]; }

  parseAll(): Node {
    if (this.peek().t === 'end') fail(0, 0, L('The formula is empty.', 'A fórmula está vazia.'));
    const node = this.expr(0);
    const t = this.peek();
    if (t.t !== 'end') {
      fail(t.start, t.end, t.t === ')'
        ? L('This ")" closes nothing.', 'Este ")" não fecha nada.')
        : L('An operator is missing before this.', 'Falta um operador antes disto.'));
    }
    return node;
  }

  private expr(minBp: number): Node {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      fail(t.start, t.end, L('The formula is nested too deeply.', 'A fórmula tem aninhamento demais.'));
    }
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') break;
      if (t.value === '%') {
        if (POSTFIX_BP < minBp) break;
        this.next();
        left = { type: 'percent', arg: left, start: left.start, end: t.end };
        continue;
      }
      const bp = INFIX[t.value];
      if (!bp || bp[0] < minBp) break;
      this.next();
      const right = this.expr(bp[1]);
      left = { type: 'binary', op: t.value as BinaryOp, left, right, start: left.start, end: right.end };
    }
    this.depth--;
    return left;
  }

  private prefix(): Node {
    const t = this.next();
    switch (t.t) {
      case 'number':
        return { type: 'number', value: t.value, start: t.start, end: t.end };
      case 'text':
        return { type: 'text', value: t.value, start: t.start, end: t.end };
      case 'bracket':
        return { type: 'ref', name: t.value, bracket: true, start: t.start, end: t.end };
      case 'name': {
        if (this.peek().t === '(') return this.call(t);
        const u = t.value.toUpperCase();
        if (u === 'TRUE' || u === 'VERDADEIRO') return { type: 'boolean', value: true, start: t.start, end: t.end };
        if (u === 'FALSE' || u === 'FALSO') return { type: 'boolean', value: false, start: t.start, end: t.end };
        return { type: 'ref', name: t.value, bracket: false, start: t.start, end: t.end };
      }
      case '(': {
        const inner = this.expr(0);
        const close = this.next();
        if (close.t !== ')') fail(close.start, close.end, L('A closing ")" is missing here.', 'Falta fechar o parêntese ")" aqui.'));
        return inner; // its span stays the inner expression's: a reference's span is its own text
      }
      case 'op':
        if (t.value === '-' || t.value === '+') {
          const arg = this.expr(PREFIX_BP);
          return { type: 'unary', op: t.value, arg, start: t.start, end: arg.end };
        }
        return fail(t.start, t.end, L(`A value is missing before "${t.value}".`, `Falta um valor antes de "${t.value}".`));
      case 'end':
        return fail(t.start, t.end, L('The formula ends too early: a value is missing.', 'A fórmula termina cedo demais: falta um valor.'));
      case ')':
        return fail(t.start, t.end, L('A value is missing before ")".', 'Falta um valor antes de ")".'));
      case 'sep':
        return fail(t.start, t.end, L('A value is missing before this separator.', 'Falta um valor antes deste separador.'));
    }
  }

  private call(name: Extract<Tok, { t: 'name' }>): Node {
    this.next(); // (
    const args: Node[] = [];
    if (this.peek().t === ')') {
      const close = this.next();
      return { type: 'call', name: name.value, args, start: name.start, end: close.end };
    }
    for (;;) {
      args.push(this.expr(0));
      const t = this.next();
      if (t.t === ')') return { type: 'call', name: name.value, args, start: name.start, end: t.end };
      if (t.t !== 'sep') {
        fail(t.start, t.end, t.t === 'end'
          ? L(`The parenthesis of ${name.value}( is not closed.`, `O parêntese de ${name.value}( não foi fechado.`)
          : L('A separator or ")" is missing here.', 'Falta um separador ou ")" aqui.'));
      }
    }
  }
}

/**
 * Parses a formula written in a locale's syntax (`;` and decimal comma for pt-BR). A
 * leading "=" is allowed, as typed in a spreadsheet cell.
 */
export function parseFormula(text: string, syntax: Syntax = EN_SYNTAX): ParseResult {
  if (typeof text !== 'string') return { ok: false, problem: { start: 0, end: 1, message: L('The formula must be text.', 'A fórmula deve ser um texto.') } };
  if (text.length > MAX_FORMULA_LENGTH) {
    return { ok: false, problem: { start: MAX_FORMULA_LENGTH, end: text.length, message: L(`The formula is longer than ${MAX_FORMULA_LENGTH} characters.`, `A fórmula passa de ${MAX_FORMULA_LENGTH} caracteres.`) } };
  }
  const lead = /^\s*=/.exec(text);
  // The "=" is blanked, not cut, so positions stay those of the text as written.
  const src = lead ? ' '.repeat(lead[0].length) + text.slice(lead[0].length) : text;
  try {
    return { ok: true, ast: new Parser(tokenize(src, syntax)).parseAll() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, problem: e.problem };
    throw e;
  }
}

/** The tokens of a formula (for rewriting it between locales), or the problem that stops it. */
export function tokensOf(text: string, syntax: Syntax): { ok: true; tokens: Tok[] } | { ok: false; problem: FormulaProblem } {
  try {
    return { ok: true, tokens: tokenize(text, syntax) };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, problem: e.problem };
    throw e;
  }
}
