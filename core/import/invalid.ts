// The invalid rows of an import as a CSV the person can fix and import again: the sheet's
// own header and cells, plus the line number and an error column in their language.
import Papa from 'papaparse';
import type { Lang } from '../schema.js';
import { fieldsOf, type FieldDef } from '../schema.js';
import type { ImportPlan } from './plan.js';
import { cellText } from './sheets.js';

export function invalidRowsCsv(plan: ImportPlan, lang: Lang): string {
  const out: string[][] = [];
  const delimiter = lang === 'pt-BR' ? ';' : ',';
  for (const s of plan.sheets) {
    if (!s.invalid.length) continue;
    const fields = s.table ? (fieldsOf(s.table) as Record<string, FieldDef>) : {};
    if (out.length) out.push([]);
    out.push([lang === 'pt-BR' ? 'Planilha' : 'Sheet', lang === 'pt-BR' ? 'Linha' : 'Line', ...s.headers, lang === 'pt-BR' ? 'Erro' : 'Error']);
    for (const r of s.invalid) {
      const cells = s.headers.map((_, i) => cellText(r.cells[i] ?? null));
      const error = r.problems.map((p) => p.message[lang] || (p.field && fields[p.field]?.label[lang]) || '').join('; ');
      out.push([s.sheet, String(r.line), ...cells, error]);
    }
  }
  return '\ufeff' + Papa.unparse(out, { delimiter, newline: '\r\n' });
}
