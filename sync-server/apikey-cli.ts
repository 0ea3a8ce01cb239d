// `npm run apikey -- --workbook <id> --name "<what feeds it>" --scope read|write`
// Creates an API key and prints it alone on the last line (shown once: only its hash is kept).
// `--list` lists a workbook's keys; `--revoke <key id>` revokes one (it stops working at once).
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { WORKBOOK_ID } from './tokens.js';
import { SCOPES, type Scope } from './store/api-keys.js';
import { openStores, type Stores } from './storage.js';

const usage = 'usage: npm run apikey -- --workbook <id> --name "<name>" --scope read|write\n'
  + '       npm run apikey -- --workbook <id> --list\n'
  + '       npm run apikey -- --workbook <id> --revoke <key id>';
let stores: Stores | undefined;
try {
  const { values } = parseArgs({
    options: {
      workbook: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', default: 'read' },
      list: { type: 'boolean' },
      revoke: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const config = loadConfig();
  const workbook = values.workbook ?? config.defaultWorkbookId;
  if (!WORKBOOK_ID.test(workbook)) throw new Error(`invalid workbook id "${workbook}": use 1–64 of A–Z a–z 0–9 _ -`);
  // The server's database (DATA_DIR/pulso.sqlite, or DATABASE_URL): a key counts on every instance at once.
  stores = await openStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, checkpointMs: 0 });
  const store = stores.api.keys;
  if (values.list) {
    for (const k of await store.list(workbook)) {
      console.log(`${k.id}  ${k.scope.padEnd(5)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'live'}  created ${k.createdAt}  last used ${k.lastUsedAt ?? 'never'}  ${k.name}`);
    }
  } else if (values.revoke) {
    if (!(await store.revoke(workbook, values.revoke))) throw new Error(`no live key ${values.revoke} in workbook ${workbook}`);
    console.log(`revoked ${values.revoke}`);
  } else {
    const name = values.name?.trim();
    if (!name) throw new Error('--name is required (what will use the key, e.g. "billing feed")');
    if (!SCOPES.includes(values.scope as Scope)) throw new Error(`invalid scope "${values.scope}": use read or write`);
    const { key, info } = await store.create({ workbook, name, scope: values.scope as Scope, createdBy: 'cli' });
    console.log(`${info.scope} API key "${info.name}" (id ${info.id}) for workbook ${workbook}. Shown once; send it as Authorization: Bearer <key>`);
    console.log(key);
  }
  await stores.close();
} catch (e) {
  await stores?.close().catch(() => {});
  console.error(`apikey: ${(e as Error).message}\n${usage}`);
  process.exit(2);
}
