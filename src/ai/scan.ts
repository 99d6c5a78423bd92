/**
 * Scanning model files without executing anything: the format is recognised by content, pickles
 * are disassembled (never loaded), archives are opened in memory under limits, and header-only
 * formats (safetensors, GGUF, .npy) are validated against the file's size.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { errorText } from '../util/text.js';
import { detectFormat, HEAD_BYTES, TORCH_LEGACY_PICKLES } from './formats/detect.js';
import { checkGguf } from './formats/gguf.js';
import { h5LambdaLayers, lambdaLayers } from './formats/keras.js';
import { readNpyHeader } from './formats/numpy.js';
import { checkSafetensors } from './formats/safetensors.js';
import { DEFAULT_PICKLE_LIMITS, disassemblePickle, type PickleLimits } from './pickle/disassemble.js';
import { classifyGlobal } from './pickle/safe-globals.js';
import { Reader } from './reader.js';
import { BufferSource, type ByteSource, FileSource } from './source.js';
import type { ModelFinding, ModelFormat, ModelProblem, ModelScanResult } from './types.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, ZipError, type ZipLimits } from './zip/zip.js';

export interface ModelScanOptions {
  pickle?: PickleLimits;
  zip?: ZipLimits;
  /** Archives inside archives deeper than this are not opened. */
  maxDepth?: number;
  /** Files a directory walk visits at most. */
  maxFiles?: number;
}

const DEFAULT_MAX_DEPTH = 3;
const MAX_KERAS_CONFIG = 64 * 1024 * 1024;
/** Extensions under which a directory walk also tries protocol 0/1 pickles (they have no magic). */
const TEXT_PICKLE_EXTENSIONS = new Set([
  '.pkl',
  '.pickle',
  '.pt',
  '.pth',
  '.bin',
  '.ckpt',
  '.joblib',
  '.dat',
  '.data',
  '.sav',
  '.model',
]);
/** Extensions a directory walk scans even when the content is not recognised, so a damaged model is reported. */
const MODEL_EXTENSIONS = new Set([
  '.pkl',
  '.pickle',
  '.pt',
  '.pth',
  '.ckpt',
  '.joblib',
  '.safetensors',
  '.gguf',
  '.h5',
  '.hdf5',
  '.keras',
  '.npy',
  '.npz',
  '.onnx',
  '.tflite',
]);

class FileScan {
  readonly findings: ModelFinding[] = [];
  readonly safe = new Set<string>();
  readonly problems: ModelProblem[] = [];
  pickles = 0;
  entries = 0;

  constructor(private readonly options: ModelScanOptions) {}

  problem(message: string, fatal: boolean, entry?: string, offset?: number): void {
    if (this.problems.length >= 200) return;
    this.problems.push({
      message,
      fatal,
      ...(entry !== undefined ? { entry } : {}),
      ...(offset !== undefined ? { offset } : {}),
    });
  }

  source(src: ByteSource, entry: string | undefined, depth: number): ModelFormat {
    const detected = detectFormat(src.read(0, HEAD_BYTES), src.size);
    switch (detected) {
      case 'pickle':
      case 'pickle-text':
        return this.pickle(src, 0, entry, detected === 'pickle-text');
      case 'pytorch-legacy':
        this.pickle(src, 0, entry, false, TORCH_LEGACY_PICKLES);
        return 'pytorch-legacy';
      case 'zip':
        return this.zip(src, entry, depth);
      case 'npy':
        return this.npy(src, entry);
      case 'hdf5': {
        const found = h5LambdaLayers(src);
        if (!found) {
          this.problem(
            'HDF5 file without a Keras model config vouch can read: whether it holds Lambda layers (code) is unknown',
            true,
            entry,
          );
          return 'hdf5';
        }
        this.lambdas(found.layers, 'model_config', entry);
        return 'keras';
      }
      case 'safetensors':
        for (const p of checkSafetensors(src)) this.problem(p, true, entry);
        return 'safetensors';
      case 'gguf':
        for (const p of checkGguf(src)) this.problem(p, true, entry);
        return 'gguf';
      case 'onnx':
      case 'tflite':
        // Graph formats: operators, no code of the author's choosing (custom operators need the loader's code).
        return detected;
      default:
        return 'unknown';
    }
  }

  private lambdas(layers: string[], part: string, entry: string | undefined): void {
    for (const layer of layers) {
      this.findings.push({
        module: 'keras.layers',
        name: 'Lambda',
        severity: 'critical',
        opcode: part,
        offset: 0,
        ...(entry !== undefined ? { entry } : {}),
        calls: [],
        reason: `Lambda layer ${JSON.stringify(layer)} carries Python code that runs when the model is loaded`,
      });
    }
  }

  pickle(
    src: ByteSource,
    start: number,
    entry: string | undefined,
    textCandidate: boolean,
    /** The pickles a format holds, all needed (torch's legacy files); else as many as follow one another. */
    expected?: number,
  ): ModelFormat {
    const d = disassemblePickle(
      new Reader(src, start),
      this.options.pickle ?? DEFAULT_PICKLE_LIMITS,
      expected ?? Number.POSITIVE_INFINITY,
    );
    // A protocol 0/1 candidate is a pickle only if it completes or imports and calls something.
    if (textCandidate && d.pickles === 0 && !d.globals.some((g) => g.calls.length > 0)) return 'unknown';
    this.pickles += Math.max(1, d.pickles);
    let joblib = false;
    for (const g of d.globals) {
      if (g.module.startsWith('joblib.')) joblib = true;
      const overwritten = g.overwritten;
      const severity = overwritten ? 'critical' : classifyGlobal(g.module, g.name, g.resolved);
      if (severity === 'safe') {
        this.safe.add(`${g.module}.${g.name}`);
        continue;
      }
      const reason = overwritten
        ? 'BUILD sets attributes on the imported object itself (a module or class), changing what later imports resolve to'
        : !g.resolved
          ? 'import whose module or name is only known when the stream runs'
          : severity === 'critical'
            ? 'known code-execution or system-access import'
            : 'import not on the safe list: a pickle can call anything it imports';
      this.findings.push({
        module: g.module,
        name: g.name,
        severity,
        opcode: g.opcode,
        offset: g.offset,
        ...(entry !== undefined ? { entry } : {}),
        calls: g.calls,
        reason,
      });
    }
    // A stream that fails after a whole pickle was still loaded (and what came after it ignored),
    // unless its format needs the pickles that failed.
    if (d.error)
      this.problem(`pickle: ${d.error.message}`, d.pickles < (expected ?? 1), entry, d.error.offset);
    else if (expected !== undefined && d.pickles < expected)
      this.problem(
        `the file ends after ${d.pickles} of the ${expected} pickles of its format`,
        true,
        entry,
        d.end,
      );
    for (const n of d.notes) this.problem(`pickle: ${n.message}`, false, entry, n.offset);
    return joblib ? 'joblib' : 'pickle';
  }

  private npy(src: ByteSource, entry: string | undefined): ModelFormat {
    const header = readNpyHeader(src);
    if (typeof header === 'string') {
      this.problem(header, true, entry);
      return 'npy';
    }
    if (header.objects) {
      // Object arrays are stored as a pickle after the header.
      if (this.pickle(src, header.dataOffset, entry, false) === 'unknown')
        this.problem('object array data is not a pickle', true, entry);
    } else if (header.dataBytes !== undefined && header.dataBytes > src.size - header.dataOffset) {
      this.problem(
        `array data is ${src.size - header.dataOffset} bytes, its shape and dtype need ${header.dataBytes}`,
        true,
        entry,
      );
    }
    return 'npy';
  }

  private zip(src: ByteSource, entry: string | undefined, depth: number): ModelFormat {
    const maxDepth = this.options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (depth >= maxDepth) {
      this.problem(`archive nested deeper than ${maxDepth} levels: not opened`, true, entry);
      return 'zip';
    }
    let archive: ZipArchive;
    try {
      archive = new ZipArchive(src, this.options.zip ?? DEFAULT_ZIP_LIMITS);
    } catch (e) {
      this.problem(`zip: ${errorText(e)}`, true, entry);
      return 'zip';
    }
    const files = archive.entries.filter((e) => !e.name.endsWith('/'));
    // PyTorch: <prefix>/data.pkl is the pickle; <prefix>/data/<n> are raw tensor storages, never unpickled.
    const torchPrefixes = files
      .filter((e) => e.name === 'data.pkl' || e.name.endsWith('/data.pkl'))
      .map((e) => e.name.slice(0, -'data.pkl'.length));
    const isStorage = (name: string) => torchPrefixes.some((p) => name.startsWith(`${p}data/`));
    const kerasConfig = files.find((e) => e.name === 'config.json');
    const isKeras =
      kerasConfig !== undefined &&
      files.some((e) => e.name === 'metadata.json' || e.name.endsWith('.weights.h5'));
    const path = (name: string) => (entry === undefined ? name : `${entry}!/${name}`);
    for (const e of files) {
      if (isStorage(e.name)) continue;
      this.entries++;
      const why = archive.unreadable(e);
      if (why) {
        this.problem(`not examined: ${why}`, true, path(e.name));
        continue;
      }
      try {
        if (isKeras && e === kerasConfig) {
          if (e.size > MAX_KERAS_CONFIG)
            throw new ZipError(`config.json of ${e.size} bytes is over the limit`);
          const entrySrc = archive.open(e);
          this.lambdas(
            lambdaLayers(JSON.parse(entrySrc.read(0, entrySrc.size).toString('utf8'))),
            'config.json',
            path(e.name),
          );
          continue;
        }
        // Keras keeps the model (and any Lambda layer) in config.json; its .h5 entries hold weights only.
        if (isKeras && e.name.endsWith('.h5')) continue;
        const head = archive.head(e, HEAD_BYTES);
        if (detectFormat(head, e.size) === 'unknown') continue;
        this.source(archive.open(e), path(e.name), depth + 1);
      } catch (err) {
        this.problem(errorText(err), true, path(e.name));
      }
    }
    if (torchPrefixes.length > 0) return 'pytorch-zip';
    if (isKeras) return 'keras';
    if (files.length > 0 && files.every((e) => e.name.endsWith('.npy'))) return 'npz';
    return 'zip';
  }
}

function verdictOf(findings: ModelFinding[], problems: ModelProblem[]): ModelScanResult['verdict'] {
  if (findings.length > 0) return 'dangerous';
  return problems.some((p) => p.fatal) ? 'error' : 'safe';
}

/** Scans one model file's bytes. `name` labels the result. Never throws for malformed input. */
export function scanModelFile(
  input: Buffer | ByteSource,
  name: string,
  options: ModelScanOptions = {},
): ModelScanResult {
  const src = Buffer.isBuffer(input) ? new BufferSource(input) : input;
  const scan = new FileScan(options);
  let format: ModelFormat;
  try {
    format = scan.source(src, undefined, 0);
  } catch (e) {
    // A bug or an I/O failure, not a verdict on the file: say so rather than crash the whole run.
    scan.problem(`scan failed: ${errorText(e)}`, true);
    format = 'unknown';
  }
  if (format === 'unknown' && !scan.problems.some((p) => p.fatal)) {
    scan.problem('not a recognised model format (recognised by content, not by file name)', true);
  }
  return {
    name,
    format,
    verdict: verdictOf(scan.findings, scan.problems),
    findings: scan.findings,
    safeImports: [...scan.safe].sort(),
    problems: scan.problems,
    scanned: { pickles: scan.pickles, entries: scan.entries },
    bytes: src.size,
  };
}

function scanFile(path: string, options: ModelScanOptions): ModelScanResult {
  let file: FileSource;
  try {
    file = new FileSource(path);
  } catch (e) {
    return {
      name: path,
      format: 'unknown',
      verdict: 'error',
      findings: [],
      safeImports: [],
      problems: [{ message: `cannot read: ${errorText(e)}`, fatal: true }],
      scanned: { pickles: 0, entries: 0 },
      bytes: 0,
    };
  }
  try {
    return scanModelFile(file, path, options);
  } finally {
    file.close();
  }
}

/** Whether a file met in a directory walk looks like a model file worth scanning. */
function worthScanning(path: string): boolean {
  let file: FileSource | undefined;
  try {
    file = new FileSource(path);
    const kind = detectFormat(file.read(0, HEAD_BYTES), file.size);
    const ext = extname(path).toLowerCase();
    if (MODEL_EXTENSIONS.has(ext)) return true;
    return kind === 'pickle-text' ? TEXT_PICKLE_EXTENSIONS.has(ext) : kind !== 'unknown';
  } catch {
    return true; // scanned, so the read error is reported
  } finally {
    file?.close();
  }
}

/**
 * Scans files and directories. A named file is always scanned; a directory's files (symbolic
 * links not followed) are scanned when their content looks like a model format, or when their
 * name says model and the content does not (so a damaged model is reported, not skipped).
 */
export function scanPaths(paths: readonly string[], options: ModelScanOptions = {}): ModelScanResult[] {
  const maxFiles = options.maxFiles ?? 100_000;
  const results: ModelScanResult[] = [];
  let visited = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (++visited > maxFiles) return;
      const p = join(dir, n);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st || st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && worthScanning(p)) results.push(scanFile(p, options));
    }
  };
  for (const p of paths) {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) walk(p);
    else results.push(scanFile(p, options));
  }
  return results;
}
