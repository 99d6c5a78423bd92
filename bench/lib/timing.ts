/**
 * Timing whole processes: wall time from spawn to exit, as a user would feel it.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';

export interface TimedRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function timeProcess(command: string, args: string[], options: SpawnSyncOptions = {}): TimedRun {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { maxBuffer: 512 * 1024 * 1024, ...options, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  return {
    ms,
    status: result.status,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

/** Runs `once` a first time to warm caches (not counted), then `runs` times; returns the timed runs. */
export function repeat(runs: number, once: () => TimedRun): TimedRun[] {
  once();
  const out: TimedRun[] = [];
  for (let i = 0; i < runs; i++) out.push(once());
  return out;
}

/**
 * Like `repeat` for several commands at once, one run of each per round: a comparison between
 * them is then not skewed by the machine getting busier or quieter between one series and the next.
 */
export function interleave<K extends string>(
  runs: number,
  each: Record<K, () => TimedRun>,
): Record<K, TimedRun[]> {
  const names = Object.keys(each) as K[];
  const out = {} as Record<K, TimedRun[]>;
  for (const k of names) {
    each[k]();
    out[k] = [];
  }
  for (let i = 0; i < runs; i++) for (const k of names) out[k].push(each[k]());
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatRatio(a: number, b: number, digits = 1): string {
  return `${(a / b).toFixed(digits)}x`;
}
