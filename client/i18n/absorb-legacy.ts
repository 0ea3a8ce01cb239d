// Moves strings written in the old one-file form (`'key': E('English', 'Português')`, the
// client/i18n/strings.ts of branches older than the typed catalog) into en.ts and pt-BR.ts.
// A tool for merges, never imported by the app:
//
//   git show other-branch:client/i18n/strings.ts > /tmp/legacy-strings.ts
//   npx tsx client/i18n/absorb-legacy.ts /tmp/legacy-strings.ts "sheets (i16b)"
//
// Keys the catalog lacks are appended to both files in one block headed by the label; keys
// it has with another text are listed, not changed (decide by hand). Then run
// `npm run typecheck` and `npx vitest run test/client/i18n.test.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { en } from './en.js';
import { ptBR } from './pt-BR.js';

type Entry = { en: string; 'pt-BR': string };

const [file, label = 'absorbed'] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx client/i18n/absorb-legacy.ts <legacy strings.ts> [block label]');
  process.exit(2);
}
const legacy = (await import(pathToFileURL(resolve(file)).href)) as { strings?: Record<string, Entry> };
if (!legacy.strings) throw new Error(`${file} exports no \`strings\``);

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const known = en as Record<string, string>;
const knownPt = ptBR as Record<string, string>;
const added: [string, Entry][] = [];
for (const [key, e] of Object.entries(legacy.strings)) {
  if (!(key in known)) added.push([key, e]);
  else if (known[key] !== e.en || knownPt[key] !== e['pt-BR']) console.log(`differs, left as is: ${key}\n  catalog: ${known[key]} | ${knownPt[key]}\n  legacy:  ${e.en} | ${e['pt-BR']}`);
}

/** Inserts the block before the object's closing line (`} as const;` or `};`). */
function append(path: string, lang: keyof Entry) {
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n}');
  const block = `\n  // ---- ${label}\n` + added.map(([k, e]) => `  ${quote(k)}: ${quote(e[lang])},\n`).join('');
  writeFileSync(path, text.slice(0, end + 1) + block.slice(1) + text.slice(end + 1));
}
if (added.length) {
  const dir = new URL('.', import.meta.url);
  append(new URL('en.ts', dir).pathname, 'en');
  append(new URL('pt-BR.ts', dir).pathname, 'pt-BR');
}
console.log(`${added.length} key(s) added under "${label}".`);
