// `npm run bench [-- section ...]`: runs every benchmark section (core, server, client,
// formulas, dashboard, abuse...), prints one table and writes bench/results/latest.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';
import { round, type Section } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
// 'stretch' (100k customers, several minutes) runs only when named.
const all = ['core', 'cold', 'formulas', 'server', 'client', 'dashboard', 'abuse', 'c360', 'import', 'api', 'cluster'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const sections = wanted.length ? wanted : all;

const results: Section[] = [];
for (const name of sections) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.error(`bench: running ${name}…`);
  const mod = (await import(`./${name}.ts`)) as { run: () => Promise<Section> };
  results.push(await mod.run());
}

const lines: string[] = [];
lines.push(`Pulso benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30, 0)} GiB`);
for (const s of results) {
  lines.push('', `## ${s.name}`, '');
  lines.push('| metric | dataset | p50 | p99 | unit | target | met |', '|---|---|---:|---:|---|---|---|');
  for (const r of s.rows) {
    lines.push(`| ${r.metric} | ${r.dataset} | ${round(r.p50, 2)} | ${r.p99 === undefined ? '' : round(r.p99, 2)} | ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`);
  }
  for (const n of s.notes ?? []) lines.push(`- ${n}`);
}
console.log(lines.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, sections: results }, null, 2));
writeFileSync(join(here, 'results', 'latest.md'), lines.join('\n') + '\n');
// A section may leave a handle open (a keep-alive socket, a browser's pipe): the run is over.
process.exit(0);
