// The default document store: one SQLite file (WAL) through better-sqlite3. Appends and
// compactions are synchronous transactions underneath (microseconds), behind the async
// DocStore interface. The file is created 0600 in a 0700 folder.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SqliteSql } from './sql.js';
import { migrate } from './migrate.js';
import { DOC_MIGRATIONS } from './doc-migrations.js';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.js';
import {
  checksum, verified, bytes, DamagedStorageError,
  type DocStore, type StoredLog, type CatchUp, type CompactOptions, type CompactResult,
} from './doc-store.js';

export const DB_FILE = 'pulso.sqlite';

// WAL checkpoints (copying the log into the main file) fsync, which takes milliseconds to
// tens of milliseconds; done by SQLite's auto-checkpoint they would stall the relay every
// few hundred commits. A worker thread with its own connection runs them instead (PASSIVE
// checkpoints never block the writer). Plain CommonJS so it runs under node, tsx and vitest.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 1000 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String((e && e.message) || e)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

interface LogRow { seq: number; data: Buffer; checksum: string | null }
interface SnapshotRow { data: Buffer; checksum: string; folded_seq: number; stream_id: string | null }
interface HeadRow { log_rows: number; last_seq: number; snapshot_checksum: string | null; fence: number }

/** SQLite's own "this file is damaged" errors, reported like a checksum failure. */
function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

export interface SqliteStoreOptions { log?: (msg: string) => void; checkpointMs?: number }

export class SqliteDocStore implements DocStore {
  readonly engine = 'sqlite' as const;
  readonly file: string;
  readonly sql: SqliteSql;
  private db: Database.Database;
  private checkpointer: Worker | null = null;
  private st: {
    insert: Database.Statement<[string, Uint8Array, string]>;
    bumpHead: Database.Statement<[string, number, number]>;
    rows: Database.Statement<[string]>;
    rowsAfter: Database.Statement<[string, number]>;
    snapshot: Database.Statement<[string]>;
    head: Database.Statement<[string]>;
  };

  /** Use `SqliteDocStore.open` (it runs the migrations). */
  private constructor(dataDir: string, opts: SqliteStoreOptions) {
    ensurePrivateDir(dataDir);
    this.file = join(dataDir, DB_FILE);
    ensurePrivateFile(this.file);
    this.db = new Database(this.file);
    // WAL: readers never block the writer and a commit is one sequential append.
    // synchronous=NORMAL: a commit survives a process crash (kill -9) — it is in the OS
    // before we relay — but not necessarily a power cut; see docs/sync-server.md.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.sql = new SqliteSql(this.db);
    const checkpointMs = opts.checkpointMs ?? 500;
    if (checkpointMs > 0) this.startCheckpointer(checkpointMs, opts.log ?? (() => {}));
    this.st = undefined as never; // prepared after the migrations (the tables may not exist yet)
  }

  static async open(dataDir: string, opts: SqliteStoreOptions = {}): Promise<SqliteDocStore> {
    const s = new SqliteDocStore(dataDir, opts);
    try {
      await migrate(s.sql, 'docs', DOC_MIGRATIONS);
    } catch (e) {
      s.db.close();
      throw e;
    }
    s.prepare();
    return s;
  }

  private prepare() {
    const db = this.db;
    this.st = {
      insert: db.prepare('INSERT INTO doc_updates (workbook, data, checksum) VALUES (?, ?, ?)'),
      bumpHead: db.prepare(`INSERT INTO doc_heads (workbook, log_rows, last_seq) VALUES (?, ?, ?)
        ON CONFLICT (workbook) DO UPDATE SET log_rows = log_rows + excluded.log_rows, last_seq = excluded.last_seq`),
      rows: db.prepare('SELECT seq, data, checksum FROM doc_updates WHERE workbook = ? ORDER BY seq'),
      rowsAfter: db.prepare('SELECT seq, data, checksum FROM doc_updates WHERE workbook = ? AND seq > ? ORDER BY seq'),
      snapshot: db.prepare("SELECT data, checksum, folded_seq, stream_id FROM doc_snapshots WHERE workbook = ? AND slot = 'current'"),
      head: db.prepare('SELECT log_rows, last_seq, snapshot_checksum, fence FROM doc_heads WHERE workbook = ?'),
    };
  }

  private startCheckpointer(intervalMs: number, log: (msg: string) => void) {
    try {
      const w = new Worker(CHECKPOINTER, { eval: true, workerData: { driver: DRIVER, file: this.file, intervalMs } });
      w.unref();
      w.on('message', (m) => log(`WAL checkpoint: ${m}`));
      w.on('error', (e) => {
        log(`WAL checkpointer stopped (${e.message}); SQLite checkpoints inline again`);
        this.checkpointer = null;
        if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
      });
      this.checkpointer = w;
      this.db.pragma('wal_autocheckpoint = 0');
    } catch (e) {
      log(`no WAL checkpointer thread (${(e as Error).message}); SQLite checkpoints inline`);
    }
  }

  /** The better-sqlite3 connection (for tests and for the backup API). */
  get raw(): Database.Database { return this.db; }

  // Every synchronous use of the connection goes through sql.whenIdle: never inside another
  // module's open async transaction on the same connection (store/sql.ts).
  appendBatch(workbook: string, updates: readonly Uint8Array[]): Promise<number[]> {
    return this.sql.whenIdle(() => this.db.transaction(() => {
      const out: number[] = [];
      for (const u of updates) out.push(Number(this.st.insert.run(workbook, u, checksum(workbook, u)).lastInsertRowid));
      if (out.length) this.st.bumpHead.run(workbook, out.length, out[out.length - 1]);
      return out;
    })());
  }

  async append(workbook: string, update: Uint8Array): Promise<number> {
    return (await this.appendBatch(workbook, [update]))[0];
  }

  /** Reads and verifies a workbook's rows, synchronously (inside or outside a transaction). */
  private readVerified(workbook: string): { snapshot: SnapshotRow | undefined; rows: LogRow[]; head: HeadRow | undefined } {
    try {
      const head = this.st.head.get(workbook) as HeadRow | undefined;
      const snapshot = this.st.snapshot.get(workbook) as SnapshotRow | undefined;
      const rows = this.st.rows.all(workbook) as LogRow[];
      if (snapshot) verified(workbook, 'doc_snapshots current', bytes(snapshot.data), snapshot.checksum);
      for (const r of rows) verified(workbook, `doc_updates seq ${r.seq}`, bytes(r.data), r.checksum);
      // The head counts what was committed: rows or a snapshot that vanished (a damaged page
      // the b-tree no longer reaches) show up here rather than as a silently shorter log.
      const wantRows = head?.log_rows ?? 0;
      if (rows.length !== wantRows || (wantRows > 0 && rows[rows.length - 1].seq !== head!.last_seq)) {
        throw new DamagedStorageError(workbook, 'doc_updates', `${rows.length} log row(s) found, ${wantRows} committed (last seq ${head?.last_seq ?? 0})`);
      }
      if ((head?.snapshot_checksum ?? null) !== (snapshot?.checksum ?? null)) {
        throw new DamagedStorageError(workbook, 'doc_snapshots current', snapshot ? 'not the snapshot last committed' : 'snapshot missing');
      }
      return { snapshot, rows, head };
    } catch (e) {
      if (isCorruption(e)) throw new DamagedStorageError(workbook, DB_FILE, (e as Error).message);
      throw e;
    }
  }

  async load(workbook: string): Promise<StoredLog> {
    const { snapshot, rows } = await this.sql.whenIdle(() => this.readVerified(workbook));
    const updates = rows.map((r) => bytes(r.data));
    if (snapshot) updates.unshift(bytes(snapshot.data));
    return {
      updates,
      lastSeq: rows.length ? rows[rows.length - 1].seq : snapshot?.folded_seq ?? 0,
      snapshotChecksum: snapshot?.checksum ?? null,
      snapshotStreamId: snapshot?.stream_id ?? null,
    };
  }

  catchUp(workbook: string, afterSeq: number, knownSnapshotChecksum: string | null): Promise<CatchUp> {
    return this.sql.whenIdle(() => this.catchUpNow(workbook, afterSeq, knownSnapshotChecksum));
  }

  private catchUpNow(workbook: string, afterSeq: number, knownSnapshotChecksum: string | null): CatchUp {
    try {
      const snapshot = this.st.snapshot.get(workbook) as SnapshotRow | undefined;
      const updates: Uint8Array[] = [];
      if (snapshot && snapshot.checksum !== knownSnapshotChecksum) {
        updates.push(verified(workbook, 'doc_snapshots current', bytes(snapshot.data), snapshot.checksum));
      }
      const rows = this.st.rowsAfter.all(workbook, afterSeq) as LogRow[];
      for (const r of rows) updates.push(verified(workbook, `doc_updates seq ${r.seq}`, bytes(r.data), r.checksum));
      return { updates, lastSeq: rows.length ? rows[rows.length - 1].seq : afterSeq, snapshotChecksum: snapshot?.checksum ?? null };
    } catch (e) {
      if (isCorruption(e)) throw new DamagedStorageError(workbook, DB_FILE, (e as Error).message);
      throw e;
    }
  }

  rowCount(workbook: string): Promise<number> {
    return this.sql.whenIdle(() => this.rowCountNow(workbook));
  }

  private rowCountNow(workbook: string): number {
    const n = (this.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE workbook = ?').get(workbook) as { n: number }).n;
    const s = this.db.prepare("SELECT count(*) AS n FROM doc_snapshots WHERE workbook = ? AND slot = 'current'").get(workbook) as { n: number };
    return n + s.n;
  }

  compact(workbook: string, fold: (rows: Uint8Array[]) => Uint8Array, opts: CompactOptions = {}): Promise<CompactResult | null> {
    return this.sql.whenIdle(() => this.compactNow(workbook, fold, opts));
  }

  private compactNow(workbook: string, fold: (rows: Uint8Array[]) => Uint8Array, opts: CompactOptions): CompactResult | null {
    try {
      return this.db.transaction((): CompactResult | null => {
        const { snapshot, rows, head } = this.readVerified(workbook);
        const fence = opts.fence ?? 0;
        if ((head?.fence ?? 0) > fence) return null;
        const input = rows.map((r) => bytes(r.data));
        if (snapshot && snapshot.checksum !== opts.knownSnapshotChecksum) input.unshift(bytes(snapshot.data));
        // Nothing new since the snapshot: keep it (and the previous one) as they are.
        if (!rows.length && snapshot) return { folded: 0, snapshotChecksum: snapshot.checksum, lastSeq: snapshot.folded_seq };
        const data = fold(input);
        const sum = checksum(workbook, data);
        const lastSeq = rows.length ? rows[rows.length - 1].seq : snapshot?.folded_seq ?? 0;
        // The current snapshot becomes the previous one: kept until the next compaction commits.
        this.db.prepare("DELETE FROM doc_snapshots WHERE workbook = ? AND slot = 'previous'").run(workbook);
        this.db.prepare("UPDATE doc_snapshots SET slot = 'previous' WHERE workbook = ? AND slot = 'current'").run(workbook);
        this.db.prepare(`INSERT INTO doc_snapshots (workbook, slot, data, checksum, folded_seq, stream_id, created_at)
          VALUES (?, 'current', ?, ?, ?, ?, ?)`).run(workbook, data, sum, lastSeq, opts.streamId ?? null, new Date().toISOString());
        this.db.prepare('DELETE FROM doc_updates WHERE workbook = ? AND seq <= ?').run(workbook, lastSeq);
        this.db.prepare(`INSERT INTO doc_heads (workbook, log_rows, last_seq, snapshot_checksum, fence) VALUES (?, 0, ?, ?, ?)
          ON CONFLICT (workbook) DO UPDATE SET log_rows = 0, last_seq = excluded.last_seq,
            snapshot_checksum = excluded.snapshot_checksum, fence = excluded.fence`).run(workbook, lastSeq, sum, fence);
        return { folded: rows.length, snapshotChecksum: sum, lastSeq };
      })();
    } catch (e) {
      if (isCorruption(e)) throw new DamagedStorageError(workbook, DB_FILE, (e as Error).message);
      throw e;
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Online backup to `dest` (consistent even while the server writes). */
  async backup(dest: string): Promise<void> {
    await this.db.backup(dest);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.sql.whenIdle(() => {
      if (!this.db.open) return;
      this.checkpointer?.postMessage('stop');
      this.checkpointer = null;
      // Fold the WAL into the main file so a copy of pulso.sqlite alone is complete.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    });
  }
}
