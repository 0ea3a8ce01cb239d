// `npm run token -- --workbook <id> --role owner|editor|viewer --name "<person>" [--expires 7d]`
// Prints the link to share, and the token alone on the last line (for scripts). Uses the
// server's secret (SYNC_SECRET or DATA_DIR/sync-secret) and refuses to invent one: a token
// signed with a new secret would make a link the server refuses. The link is registered in
// the server's database (DATA_DIR/pulso.sqlite, or DATABASE_URL) so the Share dialog lists it and it can be revoked.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from './config.js';
import { signLink, DEFAULT_EXPIRES, type Role } from './tokens.js';
import { appLink } from './link.js';
import { openStores } from './storage.js';

const usage = 'usage: npm run token -- --workbook <id> --role owner|editor|viewer --name "<person>" [--expires 7d]';
try {
  const { values } = parseArgs({
    options: {
      workbook: { type: 'string' },
      role: { type: 'string', default: 'editor' },
      name: { type: 'string', default: '' },
      expires: { type: 'string', default: DEFAULT_EXPIRES },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const dataDir = resolve(process.env.DATA_DIR || './data');
  if (!process.env.SYNC_SECRET && !existsSync(join(dataDir, 'sync-secret'))) {
    throw new Error(`${join(dataDir, 'sync-secret')} does not exist: run this with the server's DATA_DIR (or SYNC_SECRET), or start the server once (npm start) to create it`);
  }
  const config = loadConfig();
  const workbook = values.workbook ?? config.defaultWorkbookId;
  const { token, id, expiresAt } = await signLink(config.secret, workbook, values.role as Role, values.name, values.expires);
  const stores = await openStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, checkpointMs: 0 });
  try {
    await stores.workspace.workbooks.ensure(workbook, values.name);
    await stores.workspace.links.add({ id, workbookId: workbook, name: values.name, role: values.role as Role, createdAt: Date.now(), createdBy: 'npm run token', expiresAt });
  } finally {
    await stores.close();
  }
  console.log(`${values.role} link for ${values.name || '(no name)'} on workbook ${workbook}, valid ${values.expires}:`);
  console.log(appLink(config.host, config.port, workbook, token));
  console.log(token);
} catch (e) {
  console.error(`token: ${(e as Error).message}\n${usage}`);
  process.exit(2);
}
