import { startApiServer } from '/work/wt/i11/test/server/api-support.ts';
import { SqliteApiKeyStore } from '/work/wt/i11/sync-server/store/api-keys.ts';
import Database from 'better-sqlite3';
import { join } from 'node:path';
const s = await startApiServer({ staticDir: '/nonexistent' });
const other = new SqliteApiKeyStore(s.dataDir);
const mode = process.argv[2];
if (mode === 'ro') { const db = new Database(join(s.dataDir, 'pulso.sqlite'), { readonly: true }); db.prepare('SELECT * FROM api_keys').all(); db.close(); }
const { key, info } = await other.create({ workbook: 'feed', name: 'n', scope: 'read', createdBy: 't' });
console.log((await s.call('GET', '/api/v1/workbooks/feed/customers', { key })).status);
console.log(await other.revoke('feed', info.id));
console.log((await s.call('GET', '/api/v1/workbooks/feed/customers', { key })).status);
await s.stop();
