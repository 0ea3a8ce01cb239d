// One-line logs to stderr; tests pass their own sink to keep output quiet and assert on it.
export type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export const stderrLog: Log = (level, msg) => {
  process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}\n`);
};
