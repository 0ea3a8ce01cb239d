// The document store on PostgreSQL (DATABASE_URL), for several instances sharing one database.
// Same tables and checksums as SQLite; appends are plain INSERTs (no per-workbook counter
// row, so instances appending to one workbook never wait on each other's row lock), and
// compaction deletes exactly the rows it read and folded, so a row another instance commits
// meanwhile is never lost.
import pg from 'pg';
import { PostgresSql } from './sql.js';
import { migrate } from './migrate.js';
import { DOC_MIGRATIONS } from './doc-migrations.js';
import {
  checksum, verified, bytes,
  type DocStore, type StoredLog, type CatchUp, type CompactOptions, type CompactResult,
} from './doc-store.js';

// BIGSERIAL/BIGINT as numbers: sequence numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

interface LogRow { seq: number; data: Buffer; checksum: string | null }
interface SnapshotRow { data: Buffer; checksum: string; folded_seq: number; stream_id: string | null }

export interface PostgresStoreOptions {
  log?: (msg: string) => void;
  /** Pool size per instance. */
  max?: number;
  /** How long a query waits for a connection before failing (PostgreSQL unreachable). */
  connectionTimeoutMs?: number;
}

export class PostgresDocStore implements DocStore {
  readonly engine = 'postgres' as const;
  readonly sql: PostgresSql;

  private constructor(readonly pool: pg.Pool) {
    this.sql = new PostgresSql(pool);
  }

  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresDocStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectionTimeoutMs ?? 3_000,
      // A statement that hangs (network cut mid-query) fails instead of holding the room's queue.
      query_timeout: 15_000,
      application_name: 'pulso-sync',
    });
    // An idle pooled connection dropped by the server (restart) must not crash the process.
    pool.on('error', (e) => opts.log?.(`PostgreSQL connection lost: ${e.message}`));
    const s = new PostgresDocStore(pool);
    try {
      await migrate(s.sql, 'docs', DOC_MIGRATIONS);
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return s;
  }

  async appendBatch(workbook: string, updates: readonly Uint8Array[]): Promise<number[]> {
    if (!updates.length) return [];
    // One multi-row INSERT is one implicit transaction: committed (and fsynced) once for the batch.
    const values: string[] = [];
    const params: unknown[] = [workbook];
    for (const u of updates) {
      params.push(u, checksum(workbook, u));
      values.push(`($1, $${params.length - 1}, $${params.length})`);
    }
    const r = await this.pool.query<{ seq: number }>(
      `INSERT INTO doc_updates (workbook, data, checksum) VALUES ${values.join(', ')} RETURNING seq`, params);
    return r.rows.map((x) => x.seq).sort((a, b) => a - b);
  }

  async append(workbook: string, update: Uint8Array): Promise<number> {
    return (await this.appendBatch(workbook, [update]))[0];
  }

  private async read(q: pg.Pool | pg.PoolClient, workbook: string, lock: boolean) {
    // One snapshot of the database for both reads (REPEATABLE READ when asked by the caller's tx).
    const snap = await q.query<SnapshotRow>(
      `SELECT data, checksum, folded_seq, stream_id FROM doc_snapshots WHERE workbook = $1 AND slot = 'current'${lock ? ' FOR UPDATE' : ''}`, [workbook]);
    const rows = await q.query<LogRow>('SELECT seq, data, checksum FROM doc_updates WHERE workbook = $1 ORDER BY seq', [workbook]);
    const snapshot = snap.rows[0];
    if (snapshot) verified(workbook, 'doc_snapshots current', bytes(snapshot.data), snapshot.checksum);
    for (const r of rows.rows) verified(workbook, `doc_updates seq ${r.seq}`, bytes(r.data), r.checksum);
    return { snapshot, rows: rows.rows };
  }

  async load(workbook: string): Promise<StoredLog> {
    const client = await this.pool.connect();
    try {
      // Snapshot and log from one consistent view: a compaction committing between the two
      // reads would otherwise leave us its old snapshot without the rows it folded.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { snapshot, rows } = await this.read(client, workbook, false);
      await client.query('COMMIT');
      const updates = rows.map((r) => bytes(r.data));
      if (snapshot) updates.unshift(bytes(snapshot.data));
      return {
        updates,
        lastSeq: Math.max(rows.length ? rows[rows.length - 1].seq : 0, snapshot?.folded_seq ?? 0),
        snapshotChecksum: snapshot?.checksum ?? null,
        snapshotStreamId: snapshot?.stream_id ?? null,
      };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async catchUp(workbook: string, afterSeq: number, knownSnapshotChecksum: string | null): Promise<CatchUp> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const snap = await client.query<SnapshotRow>(
        "SELECT data, checksum, folded_seq, stream_id FROM doc_snapshots WHERE workbook = $1 AND slot = 'current'", [workbook]);
      const snapshot = snap.rows[0];
      const changed = snapshot && snapshot.checksum !== knownSnapshotChecksum;
      // A new snapshot may have folded rows we never saw: then read the whole log after it.
      const rows = await client.query<LogRow>('SELECT seq, data, checksum FROM doc_updates WHERE workbook = $1 AND seq > $2 ORDER BY seq',
        [workbook, changed ? 0 : afterSeq]);
      await client.query('COMMIT');
      const updates: Uint8Array[] = [];
      if (changed) updates.push(verified(workbook, 'doc_snapshots current', bytes(snapshot.data), snapshot.checksum));
      for (const r of rows.rows) updates.push(verified(workbook, `doc_updates seq ${r.seq}`, bytes(r.data), r.checksum));
      const last = rows.rows.length ? rows.rows[rows.rows.length - 1].seq : afterSeq;
      return { updates, lastSeq: Math.max(last, afterSeq), snapshotChecksum: snapshot?.checksum ?? null };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async rowCount(workbook: string): Promise<number> {
    const r = await this.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM doc_updates WHERE workbook = $1) + (SELECT count(*) FROM doc_snapshots WHERE workbook = $1 AND slot = 'current') AS n`,
      [workbook]);
    return Number(r.rows[0].n);
  }

  async compact(workbook: string, fold: (rows: Uint8Array[]) => Uint8Array, opts: CompactOptions = {}): Promise<CompactResult | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const fence = opts.fence ?? 0;
      // Fencing first: the head row lock also serialises compactions of this workbook.
      const head = await client.query(
        `INSERT INTO doc_heads (workbook, fence) VALUES ($1, $2)
         ON CONFLICT (workbook) DO UPDATE SET fence = EXCLUDED.fence WHERE doc_heads.fence <= EXCLUDED.fence
         RETURNING fence`, [workbook, fence]);
      if (!head.rowCount) {
        await client.query('ROLLBACK');
        return null;
      }
      const { snapshot, rows } = await this.read(client, workbook, true);
      const input = rows.map((r) => bytes(r.data));
      if (snapshot && snapshot.checksum !== opts.knownSnapshotChecksum) input.unshift(bytes(snapshot.data));
      // Nothing new since the snapshot: keep it (and the previous one) as they are.
      if (!rows.length && snapshot) {
        await client.query('COMMIT');
        return { folded: 0, snapshotChecksum: snapshot.checksum, lastSeq: snapshot.folded_seq };
      }
      const data = fold(input);
      const sum = checksum(workbook, data);
      const lastSeq = Math.max(rows.length ? rows[rows.length - 1].seq : 0, snapshot?.folded_seq ?? 0);
      await client.query("DELETE FROM doc_snapshots WHERE workbook = $1 AND slot = 'previous'", [workbook]);
      await client.query("UPDATE doc_snapshots SET slot = 'previous' WHERE workbook = $1 AND slot = 'current'", [workbook]);
      await client.query(`INSERT INTO doc_snapshots (workbook, slot, data, checksum, folded_seq, stream_id, created_at)
        VALUES ($1, 'current', $2, $3, $4, $5, $6)`, [workbook, data, sum, lastSeq, opts.streamId ?? null, new Date().toISOString()]);
      // Exactly the rows read: one committed by another instance meanwhile stays in the log.
      await client.query('DELETE FROM doc_updates WHERE workbook = $1 AND seq = ANY($2::bigint[])', [workbook, rows.map((r) => r.seq)]);
      await client.query('UPDATE doc_heads SET snapshot_checksum = $2, last_seq = $3 WHERE workbook = $1', [workbook, sum, lastSeq]);
      await client.query('COMMIT');
      return { folded: rows.length, snapshotChecksum: sum, lastSeq };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
