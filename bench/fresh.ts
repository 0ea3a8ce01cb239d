// Runs bench/probe.ts in a fresh Node process and returns its JSON answer: every cold
// figure comes from a process that has compiled nothing yet.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { round } from './stats.js';

const probe = join(dirname(fileURLToPath(import.meta.url)), 'probe.ts');

export function fresh<T>(args: string[], heapLimitMB = 8192): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [`--max-old-space-size=${heapLimitMB}`, '--import', 'tsx', probe, ...args],
      { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`probe ${args[0]} failed: ${stderr.slice(-2000) || err.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as T);
      });
  });
}

export const loadAverage = () => os.loadavg().map((x) => round(x, 1)).join(' / ');

export interface DeriveProbe { scanMs: number; parseMs: number; deriveMs: number; rows: number }
export interface LoadProbe {
  applyMs: number; openMs: number; deriveMs: number; loadMs: number;
  heapMB: number; buffersMB: number; rssMB: number; editMs: number[]; settledMs: number[]; openDashMs: number; dashMs: number[];
}
