// The sync wire contract shared by the server and the app: y-websocket message types plus
// Pulso's acknowledgement, and every close code the server sends (docs/sync-server.md).
// y-websocket 3 stops reconnecting on 4400–4499 ("do not retry") and backs off on every
// other code, so a code's range is its retry policy.

export const MSG = {
  sync: 0,
  awareness: 1,
  /** Server → client only (y-websocket's permission-denied message); a client sending it is refused. */
  auth: 2,
  queryAwareness: 3,
  /** Server → client: "everything up to this state vector is durably stored". */
  ack: 100,
  /** Client → server: one part of a message above the frame cap (core/message-parts.ts). */
  part: 101,
} as const;

export const CLOSE = {
  // Standard codes: the client reconnects.
  /** Server shutting down. */
  goingAway: 1001,
  /** Frame above the size cap of the connection's role (sent by `ws` itself). */
  tooBig: 1009,
  /** The workbook could not be opened, or storing an edit failed: reconnect and resend. */
  internal: 1011,

  // 4000–4099: a limit was hit; the client backs off and tries again (y-websocket's
  // exponential backoff, capped by its maxBackoffTime).
  /** The peer let too many bytes pile up unsent (it does not read): it resyncs later. */
  slowPeer: 4001,
  /** Too many connections for this token, workbook, remote address or server. */
  tooManyConnections: 4002,
  /** More messages per second than the connection's budget. */
  rateLimited: 4003,
  /** An update or presence state written for a client id that another live connection owns. */
  clientIdTaken: 4004,
  /** Too many updates whose dependencies never arrived (clock gaps), or too much such data. */
  tooManyPending: 4005,

  // 4500–4599: y-websocket's "try again later": the client backs off and retries.
  /** The workbook's stored state fails to verify or decode: not served until an operator restores it (clients then reconnect by themselves). */
  storageDamaged: 4500,

  // 4400–4499: final; y-websocket stops and the app shows the reason.
  /** Malformed, truncated or unknown message, text frame, or a presence state of a bad shape. */
  badMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  /** A message sent in parts whose whole is above the server's cap: resending would be refused again. */
  tooLarge: 4413,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/**
 * The reason texts of the final closes (4400, 4401, 4403): the server sends them, the app
 * names each in the person's language (client/i18n `refusal.*`), so they are one list here.
 * `claimInvalid` and `badMessage` are prefixes (the server adds the detail after ": ").
 */
export const REFUSAL = {
  missingToken: 'missing token',
  tokenExpired: 'token expired',
  badSignature: "bad token signature (forged or another server's)",
  claimInvalid: 'token claim invalid',
  algorithm: 'token algorithm not allowed (HS256 only)',
  malformed: 'malformed token',
  lacksClaims: 'token lacks workbook or role',
  otherWorkbook: 'token is for another workbook',
  linkRevoked: 'link revoked',
  badMessage: 'bad message',
  tooLarge: 'message too large',
} as const;
export type RefusalKind = keyof typeof REFUSAL;

/** Which refusal a close reason is, or null for a reason this version does not know. */
export function refusalKind(reason: string): RefusalKind | null {
  for (const [k, r] of Object.entries(REFUSAL) as [RefusalKind, string][]) if (reason === r || reason.startsWith(`${r}:`)) return k;
  return null;
}
