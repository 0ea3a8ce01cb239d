// Bytes the server holds for peers that do not read fast enough. Each peer has its own cap
// (checked on every send, room.ts); this bounds them all together: when the total backlog
// passes the cap, the most backed-up peers are cut (they resync when they reconnect).
export interface Backlogged { ws: { bufferedAmount: number } }

/** The peers to cut, largest backlog first, so that the rest fits under `cap`. */
export function overBudget<C extends Backlogged>(conns: C[], cap: number): C[] {
  let total = 0;
  for (const c of conns) total += c.ws.bufferedAmount;
  if (total <= cap) return [];
  const cut: C[] = [];
  for (const c of [...conns].sort((a, b) => b.ws.bufferedAmount - a.ws.bufferedAmount)) {
    if (total <= cap) break;
    total -= c.ws.bufferedAmount;
    cut.push(c);
  }
  return cut;
}
