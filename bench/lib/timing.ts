/**
 * Timing whole processes: wall time from spawn to exit, as a user would feel it, and the CPU time
 * the process and its own children used. On a machine shared with other work, wall time grows
 * with the load while CPU time barely moves, so comparisons are printed on both.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface TimedRun {
  ms: number;
  /** User + system CPU time of the process and the children it waited for; undefined off Linux. */
  cpuMs: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
}

let clockTicks: number | undefined;

/**
 * CPU time of this process's waited-for children so far (cutime + cstime of /proc/self/stat, which
 * include their own waited-for children), in ms; undefined where /proc is not there.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name start at field 3 (state); cutime is field 16.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

export function timeProcess(command: string, args: string[], options: SpawnSyncOptions = {}): TimedRun {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { maxBuffer: 512 * 1024 * 1024, ...options, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.error) throw result.error;
  return {
    ms,
    cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
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

/** Median CPU time of some runs, or undefined when any run has none. */
export function medianCpu(runs: readonly TimedRun[]): number | undefined {
  if (runs.some((r) => r.cpuMs === undefined)) return undefined;
  return median(runs.map((r) => r.cpuMs!));
}

/**
 * "; CPU a ms vs b ms, ratio r (goal ...: met)" for a comparison printed on wall time, or '' when
 * CPU time is not known. `goal` compares a/b (`max`: a/b at most; `min`: b/a at least).
 */
export function cpuComparison(
  a: number | undefined,
  b: number | undefined,
  goal?: { kind: 'max' | 'min'; ratio: number },
): string {
  if (a === undefined || b === undefined || a <= 0 || b <= 0) return '';
  if (goal?.kind === 'min') {
    return `; CPU ${formatMs(a)} vs ${formatMs(b)}, ${formatRatio(b, a)} faster (goal >= ${goal.ratio}x: ${b / a >= goal.ratio ? 'met' : 'not met'})`;
  }
  const verdict = goal ? ` (goal <= ${goal.ratio}x: ${a / b <= goal.ratio ? 'met' : 'not met'})` : '';
  return `; CPU ${formatMs(a)} vs ${formatMs(b)}, ratio ${formatRatio(a, b, 2)}${verdict}`;
}
