// What a file is before it is parsed: spreadsheet kind from its first bytes, text encoding
// (UTF-8 with or without BOM, else Windows-1252 as Brazilian Excel saves CSV) and the
// delimiter of a delimited text. Pure: bytes in, facts out; never throws.
import { msg, type Msg } from '../messages.js';

export type FileKind = 'xlsx' | 'encrypted' | 'xls' | 'text' | 'binary' | 'empty';

/** The kind of file from its magic bytes (not its name: people rename files). */
export function sniffKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  // OLE compound file: an old .xls, or an .xlsx encrypted with a password (Office wraps it in OLE).
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return hasUtf16(bytes, 'EncryptionInfo') ? 'encrypted' : 'xls';
  // Text has no NUL byte (UTF-16 files do, and those are not what spreadsheets export as CSV).
  const n = Math.min(bytes.length, 65536);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return 'binary';
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return controls > n / 100 ? 'binary' : 'text';
}

function hasUtf16(bytes: Uint8Array, word: string): boolean {
  const pat = Array.from(word).flatMap((c) => [c.charCodeAt(0), 0]);
  outer: for (let i = 0; i + pat.length <= bytes.length; i++) {
    for (let j = 0; j < pat.length; j++) if (bytes[i + j] !== pat[j]) continue outer;
    return true;
  }
  return false;
}

export interface DecodedText { text: string; encoding: 'utf-8' | 'windows-1252'; bom: boolean; mixed?: boolean }

/** UTF-8 when the bytes are valid UTF-8 (BOM dropped), else Windows-1252 (a superset of Latin-1 for text). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    return { text: decode1252(body), encoding: 'windows-1252', bom: false, mixed: mixedEncodings(body) };
  }
}

/**
 * Not valid UTF-8, yet holding well-formed UTF-8 accents ("Ã©" once decoded): lines pasted
 * together from two files saved differently. Either reading garbles half the text.
 */
function mixedEncodings(b: Uint8Array): boolean {
  let utf8 = 0, single = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    if (c >= 0xc2 && c <= 0xdf && i + 1 < b.length && b[i + 1] >= 0x80 && b[i + 1] <= 0xbf) { utf8++; i++; }
    else single++;
    if (utf8 > 0 && single > 0) return true;
  }
  return false;
}

// 0x80–0x9F of Windows-1252 (some runtimes' TextDecoder treat the label as plain Latin-1).
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
function decode1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const codes = new Array<string>(end - i);
    for (let j = i; j < end; j++) {
      const b = bytes[j];
      codes[j - i] = b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80] : String.fromCharCode(b);
    }
    parts.push(codes.join(''));
  }
  return parts.join('');
}

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

/**
 * The delimiter that splits the first lines into the same number (> 1) of fields most
 * consistently; quoted text is skipped. Ties go to `;` before `,` (pt-BR files use `;`
 * precisely because `,` is their decimal mark), then tab and `|`.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = firstLines(text, 50);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of [';', '\t', ',', '|'] as Delimiter[]) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const head = counts[0] ?? 0;
    if (head === 0) continue;
    const same = counts.filter((c) => c === head).length;
    const score = (same / counts.length) * 1000 + head;
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return bestScore > 0 ? best : DELIMITERS.find((d) => (lines[0] ?? '').includes(d)) ?? ',';
}

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let start = 0, inQ = false;
  for (let i = 0; i < text.length && out.length < n; i++) {
    const c = text[i];
    if (c === '"') inQ = !inQ;
    else if (c === '\n' && !inQ) {
      const line = text.slice(start, i).replace(/\r$/, '');
      if (line.trim() !== '') out.push(line);
      start = i + 1;
    }
  }
  if (out.length < n && start < text.length) { const last = text.slice(start).replace(/\r$/, ''); if (last.trim() !== '') out.push(last); }
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0, inQ = false;
  for (const c of line) {
    if (c === '"') inQ = !inQ;
    else if (c === d && !inQ) n++;
  }
  return n;
}

/** Why a file cannot be read, in both languages; null when it can. */
export function kindProblem(kind: FileKind): Msg | null {
  switch (kind) {
    case 'empty':
      return msg('The file is empty.', 'O arquivo está vazio.');
    case 'encrypted':
      return msg('The file is protected by a password. Open it in Excel, remove the password (File › Info › Protect workbook) and save it again.', 'O arquivo está protegido por senha. Abra-o no Excel, remova a senha (Arquivo › Informações › Proteger pasta de trabalho) e salve de novo.');
    case 'xls':
      return msg('This is an old Excel file (.xls). Save it as .xlsx or CSV and import that.', 'Este é um arquivo antigo do Excel (.xls). Salve-o como .xlsx ou CSV e importe esse arquivo.');
    case 'binary':
      return msg('This file is not a spreadsheet (CSV, TSV or XLSX).', 'Este arquivo não é uma planilha (CSV, TSV ou XLSX).');
    default:
      return null;
  }
}
