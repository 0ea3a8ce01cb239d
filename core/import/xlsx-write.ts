// Sheets of typed cells → XLSX bytes. Numbers stay numbers, money gets a currency format,
// dates are real Excel dates (serial + date format), so Excel and Google Sheets sort and sum
// them. The sheet XML is written in slices straight into a streaming zip (fflate), because a
// whole-portfolio export (1M usage rows) is more than an in-memory writer can hold: SheetJS
// ran out of memory at 10,000 customers.
import { Zip, ZipDeflate, strToU8 } from 'fflate';

export type XCell = string | number | boolean | { date: string } | null | undefined;
export interface XSheet {
  name: string;
  header: string[];
  rows: XCell[][];
  /** Per column: 'money' (currency format), 'percent' or undefined. */
  formats?: ('money' | 'percent' | 'integer' | undefined)[];
}

/** ISO date → Excel serial (1900 system). */
export function isoToSerial(iso: string): number {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const days = Math.round((t - Date.UTC(1899, 11, 31)) / 86400000);
  return days >= 60 ? days + 1 : days;
}

const CURRENCY_FORMATS: Record<string, string> = {
  BRL: '"R$" #,##0.00',
  USD: '"$"#,##0.00',
  EUR: '"€" #,##0.00',
};

export function writeXlsx(sheets: XSheet[], opts: { currency?: string; dateFormat?: string } = {}): Uint8Array {
  const money = CURRENCY_FORMATS[opts.currency ?? 'BRL'] ?? `"${opts.currency ?? ''}" #,##0.00`;
  const dateFmt = opts.dateFormat ?? 'yyyy-mm-dd';
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else parts.push(chunk);
  });
  const file = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  const used = new Set<string>();
  const names = sheets.map((s) => uniqueName(s.name, used));
  file('[Content_Types].xml', contentTypes(sheets.length));
  file('_rels/.rels', ROOT_RELS);
  file('xl/workbook.xml', workbookXml(names));
  file('xl/_rels/workbook.xml.rels', workbookRels(sheets.length));
  file('xl/styles.xml', stylesXml(money, dateFmt));
  sheets.forEach((s, i) => writeSheet(zip, `xl/worksheets/sheet${i + 1}.xml`, s));
  zip.end();
  if (failure) throw failure;
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Cell style ids in styles.xml's cellXfs. */
const STYLE = { plain: 0, money: 1, percent: 2, date: 3 } as const;
/** Rows per slice pushed to the zip: keeps every string small whatever the sheet's size. */
const SLICE_ROWS = 2000;

function writeSheet(zip: Zip, path: string, s: XSheet): void {
  const f = new ZipDeflate(path, { level: 6 });
  zip.add(f);
  const cols = Math.max(s.header.length, 1);
  const last = `${columnName(cols - 1)}${s.rows.length + 1}`;
  f.push(strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}"><dimension ref="A1:${last}"/><sheetData>`));
  const letters = Array.from({ length: cols }, (_, c) => columnName(c));
  const styleOf = (c: number) => (s.formats?.[c] === 'money' ? STYLE.money : s.formats?.[c] === 'percent' ? STYLE.percent : STYLE.plain);
  let xml = rowXml(1, s.header, letters, () => STYLE.plain);
  for (let r = 0; r < s.rows.length; r++) {
    xml += rowXml(r + 2, s.rows[r], letters, styleOf);
    if ((r + 1) % SLICE_ROWS === 0) {
      f.push(strToU8(xml));
      xml = '';
    }
  }
  f.push(strToU8(`${xml}</sheetData></worksheet>`), true);
}

function rowXml(n: number, cells: readonly XCell[], letters: string[], styleOf: (c: number) => number): string {
  let xml = `<row r="${n}">`;
  for (let c = 0; c < cells.length && c < letters.length; c++) {
    const v = cells[c];
    const ref = `${letters[c]}${n}`;
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) continue;
      const st = styleOf(c);
      xml += `<c r="${ref}"${st ? ` s="${st}"` : ''}><v>${v}</v></c>`;
    } else if (typeof v === 'boolean') {
      xml += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    } else if (typeof v === 'object') {
      xml += `<c r="${ref}" s="${STYLE.date}"><v>${isoToSerial(v.date)}</v></c>`;
    } else {
      // Excel's own limit for a cell's text.
      const text = v.length > 32767 ? v.slice(0, 32767) : v;
      xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
    }
  }
  return `${xml}</row>`;
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(c: number): string {
  let name = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Text as XML: the five entities escaped, characters XML 1.0 forbids dropped. */
function escapeXml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

function contentTypes(n: number): string {
  const sheets = Array.from({ length: n }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + `${sheets}</Types>`;
}

function workbookXml(names: string[]): string {
  const sheets = names.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>${sheets}</sheets></workbook>`;
}

function workbookRels(n: number): string {
  const rels = Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels}<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`;
}

/** Default style, then money, percent and date (STYLE's ids), each with its number format. */
function stylesXml(money: string, dateFmt: string): string {
  const fmts = [money, '0.0"%"', dateFmt].map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(code)}"/>`).join('');
  const xf = (id: number) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`;
  return `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}"><numFmts count="3">${fmts}</numFmts>`
    + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + `<cellXfs count="4">${xf(0)}${xf(164)}${xf(165)}${xf(166)}</cellXfs>`
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function uniqueName(name: string, used: Set<string>): string {
  const base = (name.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let n = base, i = 2;
  while (used.has(n.toLowerCase())) n = `${base.slice(0, 27)} (${i++})`;
  used.add(n.toLowerCase());
  return n;
}
