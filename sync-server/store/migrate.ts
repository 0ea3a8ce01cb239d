// Versioned schema migrations, shared by every store module and both engines. Each module
// (component) owns a list of numbered steps; `schema_migrations` records which ran. All steps
// of one component run in one transaction, and on PostgreSQL under an advisory lock, so
// instances starting together migrate once.
import type { SqlDb, Engine } from './sql.js';

export interface Migration {
  version: number;
  name: string;
  /** SQL per engine (several statements allowed), or code for steps SQL cannot express. */
  sql?: Partial<Record<Engine, string>>;
  run?: (db: SqlDb) => Promise<void>;
}

const LOCK_KEY = 727_115; // any constant: the advisory lock all Pulso instances share

export async function migrate(db: SqlDb, component: string, steps: readonly Migration[]): Promise<number[]> {
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].version <= steps[i - 1].version) throw new Error(`${component}: migrations out of order at ${steps[i].version}`);
  }
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL,
      PRIMARY KEY (component, version))`);
    const done = new Set((await tx.query<{ version: number }>(
      'SELECT version FROM schema_migrations WHERE component = $1', [component])).rows.map((r) => Number(r.version)));
    const ran: number[] = [];
    for (const m of steps) {
      if (done.has(m.version)) continue;
      const sql = m.sql?.[tx.engine];
      if (sql) await tx.exec(sql);
      if (m.run) await m.run(tx);
      await tx.query('INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, $4)',
        [component, m.version, m.name, new Date().toISOString()]);
      ran.push(m.version);
    }
    return ran;
  });
}
