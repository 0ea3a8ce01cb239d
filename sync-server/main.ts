// `npm start`: build the app if needed, open the database, serve app + sync on one port,
// and (on the first start only) print a ready-to-open editor link. SIGTERM/SIGINT close
// everything cleanly.
import { loadConfig, REPO_ROOT, type Config } from './config.js';
import { createSyncServer } from './server.js';
import { ensureClientBuilt } from './build-client.js';
import { signLink } from './tokens.js';
import { stderrLog as log } from './log.js';
import { appLink } from './link.js';
import { isFirstStart, ownerLinkName } from './first-start.js';

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  log('error', `configuration: ${(e as Error).message}`);
  process.exit(2);
}
if (config.build === 'auto') await ensureClientBuilt(REPO_ROOT, config.staticDir, log);

const server = createSyncServer({ ...config, log });
let port: number;
try {
  port = await server.listen(config.port, config.host);
} catch (e) {
  log('error', `cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  await server.close();
  process.exit(1);
}
// Machine-readable line first (tests and scripts parse it), then the link for people.
const ownerName = ownerLinkName();
await server.workspace.workbooks.ensure(config.defaultWorkbookId, ownerName);
const lines = [`listening on http://${config.host}:${port} (data in ${config.dataDir})`];
// The owner link, on the first start of a DATA_DIR only (logs kept for months must not collect
// credentials); registered like every link, so the Share dialog lists it and it can be revoked.
if (isFirstStart(config.dataDir)) {
  const { token, id: linkId, expiresAt } = await signLink(config.secret, config.defaultWorkbookId, 'owner', ownerName);
  await server.workspace.links.add({ id: linkId, workbookId: config.defaultWorkbookId, name: ownerName, role: 'owner', createdAt: Date.now(), createdBy: 'npm start', expiresAt });
  lines.push(
    `Open the ${config.defaultWorkbookId} workbook (owner link for "${ownerName}", valid 30 days; printed on this first start only; invite people from its Share button):`,
    `  ${appLink(config.host, port, config.defaultWorkbookId, token)}`,
  );
}
lines.push(`More links: npm run token -- --workbook <id> --role owner|editor|viewer --name "<person>"`);
console.log(lines.join('\n'));

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log('info', `${signal}: closing connections, flushing and closing the database…`);
  try {
    await server.close();
    log('info', 'stopped cleanly');
    process.exit(0);
  } catch (e) {
    log('error', `shutdown: ${(e as Error).message}`);
    process.exit(1);
  }
}
// A bug must not take every team's session down: log it and keep serving (every stored
// edit is already committed, so even a crash would lose nothing).
process.on('uncaughtException', (e) => log('error', `uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log('error', `unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
