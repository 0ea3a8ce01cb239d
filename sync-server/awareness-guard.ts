// Presence (y-protocols awareness) as the server accepts it: one presence per connection,
// under the first client id it announces that no other live connection holds (entries for
// any other id are ignored); the person's name from their token;
// a small flat state of known fields (anything else is dropped); colours checked. The
// server rebuilds every state it relays, so what others receive is always this shape.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol.js';

/** What a presence state may hold: who, and which cell they have selected. */
export interface PresenceState {
  user: { name: string; color?: string };
  cell?: { sheet: string; rowId: string; colId: string; editing: boolean } | null;
}

export interface AwarenessEntry { clientId: number; clock: number; state: PresenceState | null }

const COLOR = /^#[0-9a-fA-F]{6}$/;
const NAME_MAX = 64;
const ID_MAX = 128;
// Control and bidirectional-override characters: inert text only.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const cleanText = (v: unknown, max: number): string | null =>
  typeof v === 'string' ? v.replace(UNPRINTABLE, '').slice(0, max) : null;

/**
 * Decodes an awareness update; throws ProtocolError (4400) on a bad size or encoding.
 * The stock client echoes every presence change it receives (others' states included), so
 * entries under other ids are normal: the caller keeps only the connection's own.
 */
export function decodeAwareness(data: Uint8Array, limits: { awarenessBytes: number }): { clientId: number; clock: number; json: string }[] {
  if (data.byteLength > limits.awarenessBytes) throw new ProtocolError(`presence message above ${limits.awarenessBytes} bytes`);
  const d = decoding.createDecoder(data);
  const n = decoding.readVarUint(d);
  const out = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    out.push({ clientId, clock, json });
  }
  return out;
}

/**
 * The state others will see: known fields only, the name from the token (the client's own
 * only when the token names nobody), a colour only when it is a plain `#rrggbb`.
 */
export function sanitizePresence(json: string, tokenName: string, maxBytes: number): PresenceState | null {
  if (json.length > maxBytes) throw new ProtocolError(`presence state above ${maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ProtocolError('presence state is not JSON');
  }
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ProtocolError('presence state is not an object');
  const r = raw as { user?: unknown; cell?: unknown };
  const user = (typeof r.user === 'object' && r.user !== null ? r.user : {}) as { name?: unknown; color?: unknown };
  const name = tokenName || cleanText(user.name, NAME_MAX) || '';
  const state: PresenceState = { user: { name } };
  if (typeof user.color === 'string' && COLOR.test(user.color)) state.user.color = user.color;
  const c = r.cell as { sheet?: unknown; rowId?: unknown; colId?: unknown; editing?: unknown } | null | undefined;
  if (c === null) state.cell = null;
  else if (typeof c === 'object' && c !== null) {
    const sheet = cleanText(c.sheet, ID_MAX), rowId = cleanText(c.rowId, ID_MAX), colId = cleanText(c.colId, ID_MAX);
    state.cell = sheet && rowId && colId ? { sheet, rowId, colId, editing: c.editing === true } : null;
  }
  return state;
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientId);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, JSON.stringify(x.state));
  }
  return encoding.toUint8Array(e);
}
