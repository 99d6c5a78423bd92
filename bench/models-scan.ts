/**
 * Model-file scan throughput against the time to read the same bytes (`cat files > /dev/null`).
 * The bench writes ten sets of benign model files once, shaped as published checkpoints are:
 * safetensors, PyTorch zips and a legacy torch.save file (its pickles hold ~300 tensors, about a
 * 7B-parameter LLM's count), a pickle of large byte payloads as joblib writes arrays; ~2.2 GB, so
 * that reading them takes longer than starting node (`node -e 0` alone is about as long as cat on
 * one set). Pickles are the bytes CPython's pickler writes: every string, tuple and result
 * memoised. The first set also holds the worst case: a state_dict pickle of 100,000 small tensors,
 * 10 MB of nothing but opcodes (a checkpoint's tensor bytes outweigh its opcodes ten-thousandfold).
 *
 * Both run as whole processes, interleaved. The scanner reads only what decides the verdict
 * (headers, zip directories, pickle opcodes), so it may beat the read; the goal is within 2x of
 * it. The per-file line times the first set alone, in one process, so its pickle lines carry the
 * compilation of the opcode loop. The stress line scans the worst case ten times in one process:
 * the first scan compiles the loop, the others show its speed; opcodes cannot be read at cat's
 * speed, one at a time, so that line has no goal of its own.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { safetensors, torchLegacyFile, torchStateDictPickle, torchZip } from '../test/helpers/model-files.js';
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
export const description = 'vouch models scan throughput (MB/s) on ~2.2 GB of model files vs cat > /dev/null';

const RUNS = 5;
const LAYOUT_VERSION = 'v5';
/** Sets of the six files; each set is ~218 MB. */
const SETS = 10;
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
 * Prints [{"file", "bytes", "ms", "cpuMs"}]: one scanModelFile per file, in the order given, in
 * one process (so later files run on code the earlier ones warmed, as in the scan).
 */
const PER_FILE_PROBE = `
const [scan, source, ...files] = process.argv.slice(1);
const { scanModelFile } = await import(scan);
const { FileSource } = await import(source);
const out = [];
for (const file of files) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const src = new FileSource(file);
  const r = scanModelFile(src, file);
  src.close();
  const used = process.cpuUsage(cpu);
  if (r.verdict !== 'safe' || r.problems.length > 0) throw new Error(file + ': ' + JSON.stringify(r.problems));
  out.push({ file: file.split('/').pop(), bytes: src.size, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
}
console.log(JSON.stringify(out));
`;

type FileTiming = { file: string; bytes: number; ms: number; cpuMs: number };

/**
 * Prints {"ms", "cpuMs"} for hashing every file in the folder the way the AI-BOM and the 8.1.2
 * check do (inventory/read.ts hashInsideRoot: streamed SHA-256, whole files).
 */
const HASH_PROBE = `
const [read, dir, ...files] = process.argv.slice(1);
const { hashInsideRoot } = await import(read);
const { realpathSync } = await import('node:fs');
const root = Buffer.from(realpathSync(dir));
const started = performance.now();
const cpu = process.cpuUsage();
for (const f of files) await hashInsideRoot(root, f, f.slice(dir.length + 1));
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
`;

function tensors(count: number, elements: number) {
  return Array.from({ length: count }, (_, i) => ({ name: `layer.${i}.weight`, elements }));
}

/** A pickle holding large byte strings (protocol 4, framed like pickle.dumps writes it). */
function bytesPickle(chunks: number, chunkBytes: number, seed = 0): Buffer {
  const p = pickle().proto(4).op('EMPTY_DICT').op('MEMOIZE').op('MARK');
  for (let i = 0; i < chunks; i++)
    p.str(`blob${i}`).op('BINBYTES8', Buffer.alloc(chunkBytes, (i + seed) & 0xff));
  return p.op('SETITEMS').op('STOP').bytes();
}

/** The files of set `k` (fill bytes differ per set, so no two files are the same). */
function modelSet(k: number): Record<string, () => Buffer> {
  return {
    'a.safetensors': () => safetensors(tensors(20, MB), k + 1), // 20 x 1 Mi F32 elements = 80 MB
    'b.safetensors': () => safetensors(tensors(20, MB / 2), k + 1),
    'c.pt': () => torchZip(tensors(20, MB / 2), k + 1),
    'd.pt': () => torchZip(tensors(10, MB / 2), k + 1),
    'e.pkl': () => bytesPickle(16, 2 * MB, k),
    'f.bin': () => torchLegacyFile(tensors(300, 8 * 1024), k + 1), // 300 x 32 KB storages
    ...(k === 0 ? { 'g.pkl': worstCase } : {}),
  };
}

/** The worst case: a state_dict of 100,000 16-element tensors, no tensor bytes, all opcodes. */
const worstCase = () => torchStateDictPickle(tensors(100_000, 16));

/** Every file, set by set (set-0 first), each set's files sorted as the scan takes them. */
function ensureFiles(dir: string, log: (m: string) => void): string[][] {
  const marker = join(dir, `.layout-${LAYOUT_VERSION}`);
  if (!existsSync(marker)) {
    log(`writing ${SETS} sets of model files to ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    for (let k = 0; k < SETS; k++) {
      const set = join(dir, `set-${k}`);
      mkdirSync(set, { recursive: true });
      for (const [file, make] of Object.entries(modelSet(k))) writeFileSync(join(set, file), make());
    }
    writeFileSync(marker, '');
  }
  return readdirSync(dir)
    .filter((d) => d.startsWith('set-'))
    .sort()
    .map((d) =>
      readdirSync(join(dir, d))
        .sort()
        .map((f) => join(dir, d, f)),
    );
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const dir = join(ctx.cacheDir, 'models-scan');
  const sets = ensureFiles(dir, ctx.log);
  const files = sets.flat();
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
    node: () => timeProcess(process.execPath, ['-e', '0']),
    hash: () => {
      const r = timeProcess(process.execPath, [
        '--input-type=module',
        '-e',
        HASH_PROBE,
        hashCore,
        dir,
        ...files,
      ]);
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
  const nodeMs = median(runs.node.map((r) => r.ms));
  const perFileProbe = (list: string[]) => {
    const r = timeProcess(process.execPath, [
      '--input-type=module',
      '-e',
      PER_FILE_PROBE,
      join(ctx.repoRoot, 'dist/ai/scan.js'),
      join(ctx.repoRoot, 'dist/ai/source.js'),
      ...list,
    ]);
    if (r.status !== 0) throw new Error(`per-file probe failed: ${r.stderr.slice(0, 400)}`);
    return JSON.parse(r.stdout) as FileTiming[];
  };
  // Where the scan's time goes, file by file, for the first set (one run, after the timed ones).
  const perFile = perFileProbe(sets[0]!)
    .map((f) => `${f.file} ${(f.bytes / MB).toFixed(1)} MB ${formatMs(f.cpuMs)} CPU`)
    .join(', ');
  // The worst case ten times in one process.
  const worst = sets[0]!.find((f) => f.endsWith('g.pkl'))!;
  const stress = perFileProbe(Array.from({ length: 10 }, () => worst));
  const warm = median(stress.slice(1).map((f) => f.ms));
  const worstMb = stress[0]!.bytes / MB;
  return {
    lines: [
      `models-scan: ${files.length} files, ${(bytes / MB).toFixed(0)} MB; vouch models scan ${formatMs(scanMs)} (${rate(scanMs)}; scan alone ${formatMs(inProcessMs)} wall, ${formatMs(cpuMs)} CPU, ${rate(inProcessMs)}), cat > /dev/null ${formatMs(catMs)} (${rate(catMs)}), ratio ${formatRatio(scanMs, catMs, 2)} (goal: within 2x: ${scanMs / catMs <= 2 ? 'met' : 'not met'})${cpuComparison(medianCpu(runs.scan), medianCpu(runs.cat), { kind: 'max', ratio: 2 })}; node -e 0 alone ${formatMs(nodeMs)}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      `models-scan per file, first set (scanModelFile in one process, CPU): ${perFile}`,
      `models-scan stress: the worst case (a state_dict of 100,000 tensors, ${worstMb.toFixed(1)} MB of opcodes as CPython writes them) ten times in one process: first ${formatMs(stress[0]!.ms)} (${(worstMb / (stress[0]!.ms / 1000)).toFixed(0)} MB/s, the opcode loop compiling meanwhile), then ${formatMs(warm)} each (${(worstMb / (warm / 1000)).toFixed(0)} MB/s)`,
      `models-hash: SHA-256 of the same files as the AI-BOM computes them (streamed, whole files) ${formatMs(hashMs)} wall (${rate(hashMs)}), ${formatMs(hashCpu)} CPU; it reads every byte, so cat's ${formatMs(catMs)} is its floor`,
    ],
  };
}
