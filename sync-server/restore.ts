// `npm run restore -- --from <backup.sqlite> [--workbook <id>]` (server stopped).
// Every row of the backup is verified first (checksums); nothing is changed unless it all
// verifies. Whole file: the current pulso.sqlite is kept aside as pulso.sqlite.damaged-<time>.
// One workbook: only that workbook's rows are replaced, the other workbooks stay as they are.
import { parseArgs } from 'node:util';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteDocStore, DB_FILE } from './store/sqlite.js';
import { ensurePrivateDir, ensurePrivateFile } from './private-files.js';

const usage = 'usage: npm run restore -- --from <backup.sqlite> [--workbook <id>]   (stop the server first; DATA_DIR as for npm start)';

export async function restore(dataDir: string, from: string, workbook?: string): Promise<string> {
  if (!existsSync(from)) throw new Error(`no backup file at ${from}`);
  ensurePrivateDir(dataDir);
  const staging = join(dataDir, `${DB_FILE}.restoring`);
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
  copyFileSync(from, staging);
  ensurePrivateFile(staging);
  // The copy is migrated (an older backup gets checksums) and verified workbook by workbook.
  const stagingDir = join(dataDir, '.restore-staging');
  rmSync(stagingDir, { recursive: true, force: true });
  ensurePrivateDir(stagingDir);
  renameSync(staging, join(stagingDir, DB_FILE));
  const copy = await SqliteDocStore.open(stagingDir, { checkpointMs: 0 });
  let workbooks: string[];
  try {
    workbooks = (await copy.sql.query<{ workbook: string }>(
      'SELECT workbook FROM doc_heads UNION SELECT DISTINCT workbook FROM doc_updates ORDER BY 1')).rows.map((r) => r.workbook);
    if (workbook && !workbooks.includes(workbook)) throw new Error(`the backup holds no workbook "${workbook}"`);
    for (const w of workbook ? [workbook] : workbooks) await copy.load(w); // throws DamagedStorageError
  } catch (e) {
    await copy.close();
    rmSync(stagingDir, { recursive: true, force: true });
    throw e;
  }
  if (!workbook) {
    await copy.close();
    const live = join(dataDir, DB_FILE);
    const aside = `${live}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(live)) renameSync(live, aside);
    for (const f of [`${live}-wal`, `${live}-shm`]) if (existsSync(f)) renameSync(f, aside + f.slice(live.length));
    renameSync(join(stagingDir, DB_FILE), live);
    rmSync(stagingDir, { recursive: true, force: true });
    return `restored ${workbooks.length} workbook(s) from ${from}; the previous file is kept as ${aside}`;
  }
  // One workbook: copy its rows (checksums included) into the live database in one transaction.
  const live = await SqliteDocStore.open(dataDir, { checkpointMs: 0 });
  try {
    await live.sql.exec(`ATTACH DATABASE '${join(stagingDir, DB_FILE).replace(/'/g, "''")}' AS backup`);
    await live.sql.transaction(async (tx) => {
      for (const t of ['doc_updates', 'doc_snapshots', 'doc_heads']) {
        await tx.query(`DELETE FROM main.${t} WHERE workbook = $1`, [workbook]);
        await tx.query(`INSERT INTO main.${t} SELECT * FROM backup.${t} WHERE workbook = $1`, [workbook]);
      }
    });
    await live.sql.exec('DETACH DATABASE backup');
    await live.load(workbook);
  } finally {
    await live.close();
    await copy.close();
    rmSync(stagingDir, { recursive: true, force: true });
  }
  return `restored workbook ${workbook} from ${from}; other workbooks unchanged`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  try {
    const { values } = parseArgs({ options: { from: { type: 'string' }, workbook: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help || !values.from) {
      console.log(usage);
      process.exit(values.help ? 0 : 2);
    }
    console.log(await restore(resolve(process.env.DATA_DIR || './data'), resolve(values.from), values.workbook));
  } catch (e) {
    console.error(`restore: ${(e as Error).message}\n${usage}`);
    process.exit(1);
  }
}
