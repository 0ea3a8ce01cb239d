// Presence through Yjs awareness: who is in the workbook, and which cell each colleague
// has selected or is editing.
import { createSignal, type Accessor } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceCell { sheet: string; rowId: string; colId: string; editing: boolean }
export interface Peer { clientId: number; name: string; color: string; cell: PresenceCell | null; self: boolean }

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42a5f5', '#f032e6', '#2e7d32', '#c2185b', '#795548'];

/** A stable color per name, so a person keeps their color across sessions. */
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return COLORS[h % COLORS.length];
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Text colour for a name drawn on a person's colour: white or near-black, whichever reads better (WCAG contrast). */
export function inkOn(hex: string): string {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  const dark = 0.0181; // luminance of #111827
  return 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) ? '#fff' : '#111827';
}
const text = (v: unknown, max: number): string | null => (typeof v === 'string' ? v.slice(0, max) : null);

/**
 * A peer's presence as inert data: whatever a peer (or a server bug) sends, only a name
 * string, a plain #rrggbb colour (anything else, e.g. `url(...)`, becomes the name's colour)
 * and a cell of short strings reach the page; names are rendered as text, never as HTML.
 */
export function peerOf(state: unknown, self: boolean): Omit<Peer, 'clientId'> | null {
  if (state === null || typeof state !== 'object') return null;
  const u = (state as { user?: unknown }).user as { name?: unknown; color?: unknown } | undefined;
  const name = text(u?.name, 64);
  if (name === null) return null;
  const color = typeof u!.color === 'string' && COLOR.test(u!.color) ? u!.color : colorFor(name);
  const c = (state as { cell?: unknown }).cell as Record<string, unknown> | null | undefined;
  const sheet = text(c?.sheet, 128), rowId = text(c?.rowId, 128), colId = text(c?.colId, 128);
  const cell = sheet && rowId && colId ? { sheet, rowId, colId, editing: c!.editing === true } : null;
  return { name, color, cell, self };
}

export interface Presence {
  peers: Accessor<Peer[]>;
  setName(name: string): void;
  setCell(cell: PresenceCell | null): void;
}

export function startPresence(awareness: Awareness | null, name: string): Presence {
  const [peers, setPeers] = createSignal<Peer[]>([]);
  if (!awareness) {
    const self = (n: string): Peer[] => [{ clientId: 0, name: n, color: colorFor(n), cell: null, self: true }];
    setPeers(self(name));
    return { peers, setName: (n) => setPeers(self(n)), setCell: () => {} };
  }
  const read = () => {
    const out: Peer[] = [];
    awareness.getStates().forEach((s, clientId) => {
      const p = peerOf(s, clientId === awareness.clientID);
      if (p) out.push({ ...p, clientId });
    });
    out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
    setPeers(out);
  };
  awareness.setLocalStateField('user', { name, color: colorFor(name) });
  awareness.on('change', read);
  read();
  return {
    peers,
    setName: (n) => awareness.setLocalStateField('user', { name: n, color: colorFor(n) }),
    setCell: (cell) => awareness.setLocalStateField('cell', cell),
  };
}
