// Pulso's data is private to the account running the server: the data folder is 0700 and
// the files in it (database, secret) 0600, whatever the umask, on creation and on every start.
import { mkdirSync, chmodSync, openSync, closeSync, statSync } from 'node:fs';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

/** Creates the file empty if missing (so no other process creates it world-readable first), then 0600. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
}
