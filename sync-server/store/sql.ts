// One small SQL handle over both engines, so every store module (documents, links, keys,
// history…) writes its queries and migrations once. Placeholders are PostgreSQL's `$1, $2…`;
// on SQLite they are rewritten to `?` (a `$n` may repeat). Values: string, number, bigint,
// null, Uint8Array (BLOB / bytea). Rows come back as plain objects; BLOB/bytea as Buffer.
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';

export type Engine = 'sqlite' | 'postgres';
export type SqlValue = string | number | bigint | null | Uint8Array | boolean;
export type Row = Record<string, unknown>;

export interface SqlDb {
  readonly engine: Engine;
  /** Runs one statement; returns its rows (empty for writes) and the number of rows changed. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<{ rows: T[]; changes: number }>;
  /** Several statements without parameters (schema). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
}

/** `$1 … $n` → `?` with the values reordered (and repeated) to match. Skips quoted text. */
export function toSqlitePlaceholders(sql: string, params: readonly SqlValue[]): { sql: string; params: unknown[] } {
  const out: unknown[] = [];
  const text = sql.replace(/'(?:[^']|'')*'|\$(\d+)/g, (m, n: string | undefined) => {
    if (n === undefined) return m;
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`SQL parameter $${n} has no value`);
    const v = params[i];
    out.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return '?';
  });
  return { sql: text, params: out };
}

/**
 * SQLite through better-sqlite3 (synchronous underneath). One connection, so a transaction
 * holds a lock: other callers' statements wait until it ends instead of landing inside it.
 */
export class SqliteSql implements SqlDb {
  readonly engine = 'sqlite' as const;
  private cache = new Map<string, BetterSqlite3.Statement>();
  private txTail: Promise<void> | null = null;

  constructor(readonly raw: BetterSqlite3.Database) {}

  /**
   * Runs `fn` (synchronous) as soon as no async transaction is open, with no await between
   * that check and `fn`: otherwise a transaction starting in the gap would hold the
   * connection and `fn`'s statements would land inside it (or fail to BEGIN their own).
   */
  async whenIdle<T>(fn: () => T): Promise<T> {
    while (this.txTail) await this.txTail;
    return fn();
  }

  /** Resolves when no async transaction is open. */
  idle(): Promise<void> {
    return this.whenIdle(() => {});
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  runNow<T extends Row>(sql: string, params: readonly SqlValue[] = []): { rows: T[]; changes: number } {
    const q = toSqlitePlaceholders(sql, params);
    const s = this.stmt(q.sql);
    if (s.reader) return { rows: s.all(...q.params) as T[], changes: 0 };
    return { rows: [], changes: s.run(...q.params).changes };
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) {
    return this.whenIdle(() => this.runNow<T>(sql, params));
  }

  exec(sql: string) {
    return this.whenIdle(() => { this.raw.exec(sql); });
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    // Checked and taken with no await in between: two transactions never interleave.
    while (this.txTail) await this.txTail;
    let release!: () => void;
    this.txTail = new Promise((r) => { release = r; });
    const tx: SqlDb = {
      engine: 'sqlite',
      query: async <R extends Row = Row>(sql: string, params: readonly SqlValue[] = []) => this.runNow<R>(sql, params),
      exec: async (sql: string) => { this.raw.exec(sql); },
      transaction: (inner) => inner(tx), // nested: part of the outer one
    };
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const v = await fn(tx);
      this.raw.exec('COMMIT');
      return v;
    } catch (e) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      throw e;
    } finally {
      this.txTail = null;
      release();
    }
  }
}

/** PostgreSQL through a `pg` Pool; a transaction runs on one pooled client. */
export class PostgresSql implements SqlDb {
  readonly engine = 'postgres' as const;
  constructor(readonly pool: Pool, private client: PoolClient | null = null) {}

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) {
    const r = await (this.client ?? this.pool).query(sql, params as unknown[]);
    return { rows: r.rows as T[], changes: r.rowCount ?? 0 };
  }

  async exec(sql: string) {
    await (this.client ?? this.pool).query(sql);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const v = await fn(new PostgresSql(this.pool, client));
      await client.query('COMMIT');
      return v;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
}
