// Messages between the server's event loop (derived.ts) and its derived-snapshot worker (derived-worker.ts).
export type ToDerivedWorker =
  /** A room opened: its stored rows, as storage returned them (copied, never re-encoded here). */
  | { type: 'open'; id: string; updates: Uint8Array[] }
  /** Every later change of the room's doc, in order. */
  | { type: 'update'; id: string; update: Uint8Array }
  | { type: 'snapshot'; id: string; asOfs: string[]; users: string[] }
  | { type: 'close'; id: string };

export type FromDerivedWorker =
  | { type: 'snapshot'; id: string; key: string; ms: number; results: { asOf: string; gz: Uint8Array; jsonBytes: number; ms: number }[] }
  | { type: 'error'; id: string; message: string };
