// How many of this replica's operations the server has not confirmed yet. The server
// answers each stored update with its state vector (message type 100). Yjs clocks count
// operations (one per inserted item; a text counts one per character), so the sum of
// (local clock − server clock) over every client id is the number of operations this
// replica holds that the server lacks — including offline edits from earlier sessions.

export function unconfirmedOps(local: ReadonlyMap<number, number>, server: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [client, clock] of local) {
    const s = server.get(client) ?? 0;
    if (clock > s) n += clock - s;
  }
  return n;
}
