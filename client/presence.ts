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
      const u = (s as { user?: { name?: unknown; color?: unknown } }).user;
      if (!u || typeof u.name !== 'string') return;
      const cell = (s as { cell?: PresenceCell | null }).cell ?? null;
      out.push({ clientId, name: u.name, color: typeof u.color === 'string' ? u.color : colorFor(u.name), cell, self: clientId === awareness.clientID });
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
