/**
 * Model-file scan throughput against the time to read the same bytes (`cat files > /dev/null`).
 * The bench writes ~230 MB of benign model files once (safetensors, PyTorch zips, pickles with
 * large byte payloads, and one pickle of 100,000 small tensors that is mostly opcodes) and times
 * both as whole processes, interleaved. The scanner reads only what decides the verdict (headers,
 * zip directories, pickle opcodes), so it may beat the read; the goal is within 2x of it.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { safetensors, torchStateDictPickle, torchZip } from '../test/helpers/model-files.js';
import { pickle } from '../test/helpers/pickle-assembler.js';
import {
  cpuComparison,
  formatMs,
  formatRatio,
  interleave,
  median,
  medianCpu,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'models-scan';
export const description = 'vouch models scan throughput (MB/s) on ~230 MB of model files vs cat > /dev/null';

const RUNS = 5;
const LAYOUT_VERSION = 'v2';
const MB = 1024 * 1024;

/** Prints {"files", "bytes", "dangerous", "error", "ms"} for one modelsScan over the folder. */
const PROBE = `
const [core, dir] = process.argv.slice(1);
const { modelsScan } = await import(core);
const started = performance.now();
const cpu = process.cpuUsage();
const report = modelsScan([dir]);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ...report.summary, ms, cpuMs: (used.user + used.system) / 1000 }));
`;

/**
 * Prints [{"file", "bytes", "cpuMs"}]: one scanModelFile per file, in the order modelsScan takes
 * them, in one process (so later files run on code the earlier ones warmed, as in the scan).
 */
const PER_FILE_PROBE = `
const [scan, source, ...files] = process.argv.slice(1);
const { scanModelFile } = await import(scan);
const { FileSource } = await import(source);
const out = [];
for (const file of files) {
  const cpu = process.cpuUsage();
  const src = new FileSource(file);
  scanModelFile(src, file);
  src.close();
  const used = process.cpuUsage(cpu);
  out.push({ file: file.split('/').pop(), bytes: src.size, cpuMs: (used.user + used.system) / 1000 });
}
console.log(JSON.stringify(out));
`;

/**
 * Prints {"ms", "cpuMs"} for hashing every file in the folder the way the AI-BOM and the 8.1.2
 * check do (inventory/read.ts hashInsideRoot: streamed SHA-256, whole files).
 */
const HASH_PROBE = `
const [read, dir] = process.argv.slice(1);
const { hashInsideRoot } = await import(read);
const { readdirSync, realpathSync } = await import('node:fs');
const root = Buffer.from(realpathSync(dir));
const started = performance.now();
const cpu = process.cpuUsage();
for (const f of readdirSync(dir).filter((f) => !f.startsWith('.'))) await hashInsideRoot(root, dir + '/' + f, f);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
`;

function tensors(count: number, elements: number) {
  return Array.from({ length: count }, (_, i) => ({ name: `layer.${i}.weight`, elements }));
}

/** A pickle holding large byte strings (protocol 4, framed like pickle.dumps writes it). */
function bytesPickle(chunks: number, chunkBytes: number): Buffer {
  const p = pickle().proto(4).op('EMPTY_DICT').op('MEMOIZE').op('MARK');
  for (let i = 0; i < chunks; i++) p.str(`blob${i}`).op('BINBYTES8', Buffer.alloc(chunkBytes, i & 0xff));
  return p.op('SETITEMS').op('STOP').bytes();
}

function ensureFiles(dir: string, log: (m: string) => void): string[] {
  const marker = join(dir, `.layout-${LAYOUT_VERSION}`);
  if (!existsSync(marker)) {
    log(`writing model files to ${dir}`);
    mkdirSync(dir, { recursive: true });
    const files: Record<string, () => Buffer> = {
      'a.safetensors': () => safetensors(tensors(20, MB)), // 20 x 1 Mi F32 elements = 80 MB
      'b.safetensors': () => safetensors(tensors(20, MB / 2)),
      'c.pt': () => torchZip(tensors(20, MB / 2)),
      'd.pt': () => torchZip(tensors(10, MB / 2)),
      'e.pkl': () => bytesPickle(16, 2 * MB),
      'f.pkl': () => torchStateDictPickle(tensors(100_000, 16)),
    };
    for (const [file, make] of Object.entries(files)) writeFileSync(join(dir, file), make());
    writeFileSync(marker, '');
  }
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const dir = join(ctx.cacheDir, 'models-scan');
  const files = ensureFiles(dir, ctx.log);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const core = join(ctx.repoRoot, 'dist/app/models-scan.js');
  if (!existsSync(core)) throw new Error('dist/app/models-scan.js is missing: run without --no-build');
  const probe = () => {
    const r = timeProcess(process.execPath, ['--input-type=module', '-e', PROBE, core, dir]);
    if (r.status !== 0) throw new Error(`scan probe failed: ${r.stderr.slice(0, 400)}`);
    return r;
  };
  const trial = JSON.parse(probe().stdout) as {
    files: number;
    dangerous: number;
    error: number;
    safe: number;
  };
  if (trial.files !== files.length || trial.safe !== files.length) {
    throw new Error(`expected ${files.length} safe files, got ${JSON.stringify(trial)}`);
  }
  ctx.log(`timing ${files.length} files, ${(bytes / MB).toFixed(0)} MB (${ctx.runs ?? RUNS} runs each)`);
  const hashCore = join(ctx.repoRoot, 'dist/inventory/read.js');
  const runs = interleave(ctx.runs ?? RUNS, {
    scan: probe,
    cat: () => timeProcess('sh', ['-c', 'cat "$@" > /dev/null', 'sh', ...files]),
    hash: () => {
      const r = timeProcess(process.execPath, ['--input-type=module', '-e', HASH_PROBE, hashCore, dir]);
      if (r.status !== 0) throw new Error(`hash probe failed: ${r.stderr.slice(0, 400)}`);
      return r;
    },
  });
  const hashed = runs.hash.map((r) => JSON.parse(r.stdout) as { ms: number; cpuMs: number });
  const hashMs = median(hashed.map((r) => r.ms));
  const hashCpu = median(hashed.map((r) => r.cpuMs));
  const scanMs = median(runs.scan.map((r) => r.ms));
  const catMs = median(runs.cat.map((r) => r.ms));
  const inProcess = runs.scan.map((r) => JSON.parse(r.stdout) as { ms: number; cpuMs: number });
  const inProcessMs = median(inProcess.map((r) => r.ms));
  const cpuMs = median(inProcess.map((r) => r.cpuMs));
  const rate = (ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`;
  // Where the scan's time goes, file by file (one run, after the timed ones).
  const perFileRun = timeProcess(process.execPath, [
    '--input-type=module',
    '-e',
    PER_FILE_PROBE,
    join(ctx.repoRoot, 'dist/ai/scan.js'),
    join(ctx.repoRoot, 'dist/ai/source.js'),
    ...files,
  ]);
  if (perFileRun.status !== 0) throw new Error(`per-file probe failed: ${perFileRun.stderr.slice(0, 400)}`);
  const perFile = (JSON.parse(perFileRun.stdout) as Array<{ file: string; bytes: number; cpuMs: number }>)
    .map((f) => `${f.file} ${(f.bytes / MB).toFixed(1)} MB ${formatMs(f.cpuMs)} CPU`)
    .join(', ');
  return {
    lines: [
      `models-scan: ${files.length} files, ${(bytes / MB).toFixed(0)} MB; vouch models scan ${formatMs(scanMs)} (${rate(scanMs)}; scan alone ${formatMs(inProcessMs)} wall, ${formatMs(cpuMs)} CPU, ${rate(inProcessMs)}), cat > /dev/null ${formatMs(catMs)} (${rate(catMs)}), ratio ${formatRatio(scanMs, catMs, 2)} (goal: within 2x)${cpuComparison(medianCpu(runs.scan), medianCpu(runs.cat), { kind: 'max', ratio: 2 })}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      `models-scan per file (scanModelFile in one process, CPU): ${perFile}`,
      `models-hash: SHA-256 of the same files as the AI-BOM computes them (streamed, whole files) ${formatMs(hashMs)} wall (${rate(hashMs)}), ${formatMs(hashCpu)} CPU; it reads every byte, so cat's ${formatMs(catMs)} is its floor`,
    ],
  };
}
