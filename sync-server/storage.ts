// Durable workbook storage: one SQLite file (WAL) holding, per workbook, an append-only log
// of Yjs updates. Every update is committed before the server relays it; compaction folds a
// workbook's log into one snapshot row in a single transaction, so a crash at any point
// leaves either the old rows or the new snapshot, never neither.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const DB_FILE = 'pulso.sqlite';

export interface StoredLog { updates: Uint8Array[]; lastSeq: number }

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

export class Storage {
  readonly file: string;
  private db: Database.Database;
  private insert: Database.Statement<[string, Uint8Array]>;
  private select: Database.Statement<[string]>;
  private count: Database.Statement<[string]>;
  private deleteUpTo: Database.Statement<[string, number]>;
  private compactTx: (workbookId: string, upToSeq: number, snapshot: Uint8Array) => number;
  private checkpointer: Worker | null = null;

  constructor(dataDir: string, opts: { log?: (msg: string) => void; checkpointMs?: number } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, DB_FILE);
    this.db = new Database(this.file);
    // WAL: readers never block the writer and a commit is one sequential append.
    // synchronous=NORMAL: a commit survives a process crash (kill -9) — it is in the OS
    // before we relay — but not necessarily a power cut; see docs/sync-server.md.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    const checkpointMs = opts.checkpointMs ?? 500;
    if (checkpointMs > 0) this.startCheckpointer(checkpointMs, opts.log ?? (() => {}));
    this.db.exec(`CREATE TABLE IF NOT EXISTS updates (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      workbook TEXT NOT NULL,
      data BLOB NOT NULL)`);
    this.db.exec('CREATE INDEX IF NOT EXISTS updates_by_workbook ON updates (workbook, seq)');
    this.insert = this.db.prepare('INSERT INTO updates (workbook, data) VALUES (?, ?)');
    this.select = this.db.prepare('SELECT seq, data FROM updates WHERE workbook = ? ORDER BY seq');
    this.count = this.db.prepare('SELECT count(*) AS n FROM updates WHERE workbook = ?');
    this.deleteUpTo = this.db.prepare('DELETE FROM updates WHERE workbook = ? AND seq <= ?');
    this.compactTx = this.db.transaction((workbookId: string, upToSeq: number, snapshot: Uint8Array) => {
      this.deleteUpTo.run(workbookId, upToSeq);
      return Number(this.insert.run(workbookId, snapshot).lastInsertRowid);
    });
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

  /** Appends one update (its own implicit transaction, committed on return). Returns its seq. */
  append(workbookId: string, update: Uint8Array): number {
    return Number(this.insert.run(workbookId, update).lastInsertRowid);
  }

  load(workbookId: string): StoredLog {
    const rows = this.select.all(workbookId) as { seq: number; data: Buffer }[];
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      lastSeq: rows.length ? rows[rows.length - 1].seq : 0,
    };
  }

  rowCount(workbookId: string): number {
    return (this.count.get(workbookId) as { n: number }).n;
  }

  /** Replaces every row up to `upToSeq` by `snapshot` (which must contain them all). */
  compact(workbookId: string, upToSeq: number, snapshot: Uint8Array): number {
    return this.compactTx(workbookId, upToSeq, snapshot);
  }

  /** Online backup to `dest` (consistent even while the server writes). */
  backup(dest: string): Promise<unknown> {
    return this.db.backup(dest);
  }

  close(): void {
    if (!this.db.open) return;
    this.checkpointer?.postMessage('stop');
    this.checkpointer = null;
    // Fold the WAL into the main file so a copy of pulso.sqlite alone is complete.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
