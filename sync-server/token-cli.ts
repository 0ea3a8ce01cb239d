// `npm run token -- --workbook <id> --role editor|viewer --name "<person>" [--expires 7d]`
// Prints the link to share, and the token alone on the last line (for scripts).
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { signToken, DEFAULT_EXPIRES, type Role } from './tokens.js';
import { appLink } from './link.js';

const usage = 'usage: npm run token -- --workbook <id> --role editor|viewer --name "<person>" [--expires 7d]';
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
  const config = loadConfig();
  const workbook = values.workbook ?? config.defaultWorkbookId;
  const token = await signToken(config.secret, workbook, values.role as Role, values.name, values.expires);
  console.log(`${values.role} link for ${values.name || '(no name)'} on workbook ${workbook}, valid ${values.expires}:`);
  console.log(appLink(config.host, config.port, workbook, token));
  console.log(token);
} catch (e) {
  console.error(`token: ${(e as Error).message}\n${usage}`);
  process.exit(2);
}
