// `npm start`: build the app if needed, open the database, serve app + sync on one port,
// and (on the first start only) print a ready-to-open editor link. SIGTERM/SIGINT close
// everything cleanly.
import { loadConfig, REPO_ROOT, type Config } from './config.js';
import { createSyncServer } from './server.js';
import { ensureClientBuilt } from './build-client.js';
import { signToken } from './tokens.js';
import { stderrLog as log } from './log.js';
import { appLink } from './link.js';
import { isFirstStart } from './first-start.js';

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
const lines = [`listening on http://${config.host}:${port} (data in ${config.dataDir})`];
if (isFirstStart(config.dataDir)) {
  const token = await signToken(config.secret, config.defaultWorkbookId, 'editor', 'owner');
  lines.push(
    `Open the ${config.defaultWorkbookId} workbook (editor link, valid 30 days; printed on this first start only):`,
    `  ${appLink(config.host, port, config.defaultWorkbookId, token)}`,
  );
}
lines.push(`Links: npm run token -- --workbook <id> --role editor|viewer --name "<person>"`);
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
