// `npm start` prints a ready-to-open editor link on the first start of a DATA_DIR only, so
// logs collected over months do not fill with credentials (`npm run token` prints more).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_OWNER } from '../core/index.js';

export const FIRST_START_MARKER = 'first-start-link-printed';

/** True the first time it is called for `dataDir` (it leaves a marker file behind). */
export function isFirstStart(dataDir: string): boolean {
  try {
    writeFileSync(join(dataDir, FIRST_START_MARKER), `${new Date().toISOString()}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Whose name the first-start owner link carries: OWNER_NAME, else one of the demo's CS
 * owners, so that after "Load demo data" the dashboard's "My tasks" (matched on the link's
 * name) shows that person's tasks.
 */
export function ownerLinkName(env: NodeJS.ProcessEnv = process.env): string {
  return env.OWNER_NAME?.trim() || DEMO_OWNER;
}
