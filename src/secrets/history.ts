/**
 * `vouch secrets --history`: the same rules over every blob git history added, each blob once
 * (the first commit that added it names it). git is run with its external helpers turned off
 * (no diff drivers, textconv or fsmonitor), so a hostile repository's configuration runs nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { matchesAny } from '../util/glob.js';
import { type SecretRuleOptions, secretRules } from './rules.js';
import { SecretScanner } from './scan.js';
import { findingsOf, type SecretFinding } from './tree.js';

const SAFE_GIT = ['-c', 'core.fsmonitor=false', '-c', 'diff.external=', '-c', 'core.hooksPath=/dev/null'];
/** Blobs examined at most; the rest are reported as not scanned. */
const MAX_BLOBS = 200_000;

export interface HistoryScanResult {
  commits: number;
  blobs: number;
  scanned: number;
  findings: SecretFinding[];
  /** Why part of the history was not scanned. */
  notes: string[];
}

interface Added {
  blob: string;
  path: string;
  commit: string;
}

/** Every blob added or modified by some commit on any ref, first occurrence (oldest commit) first. */
function addedBlobs(root: string): { added: Added[]; commits: number } {
  const r = spawnSync(
    'git',
    [
      ...SAFE_GIT,
      'log',
      '--all',
      '--reverse',
      '--no-renames',
      '--no-ext-diff',
      '--no-textconv',
      '--raw',
      '--no-abbrev',
      '--diff-filter=AM',
      '--format=%x01%H',
      '-z',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`git log failed: ${r.stderr.trim().slice(0, 300)}`);
  const seen = new Set<string>();
  const added: Added[] = [];
  let commits = 0;
  let commit = '';
  const fields = r.stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    let f = fields[i]!;
    const mark = f.indexOf('\u0001');
    if (mark >= 0) {
      commit = f.slice(mark + 1, mark + 41);
      commits++;
      f = f.slice(mark + 42);
    }
    // ":100644 100644 <old> <new> M" then the path as the next field.
    const m = /^:\d{6} (\d{6}) [0-9a-f]{40,64} ([0-9a-f]{40,64}) [AM]$/.exec(f.trim());
    if (!m) continue;
    const path = fields[++i] ?? '';
    // Gitlinks (submodules) and symlinks hold no file content.
    if (m[1] === '160000' || m[1] === '120000' || seen.has(m[2]!)) continue;
    seen.add(m[2]!);
    added.push({ blob: m[2]!, path, commit });
  }
  return { added, commits };
}

/** Reads blobs through one `git cat-file --batch` process, in order. */
async function readBlobs(
  root: string,
  blobs: readonly string[],
  onBlob: (i: number, data: Buffer) => void,
): Promise<void> {
  const child = spawn('git', [...SAFE_GIT, 'cat-file', '--batch'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let buffered: Buffer = Buffer.alloc(0);
  let index = 0;
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const nl = buffered.indexOf(10);
        if (nl < 0) return;
        const header = buffered.subarray(0, nl).toString('latin1');
        const size = Number(header.split(' ')[2]);
        if (header.endsWith(' missing') || !Number.isFinite(size)) {
          buffered = buffered.subarray(nl + 1);
          index++;
          continue;
        }
        if (buffered.length < nl + 1 + size + 1) return;
        onBlob(index++, buffered.subarray(nl + 1, nl + 1 + size));
        buffered = buffered.subarray(nl + 1 + size + 1);
      }
    });
    child.on('close', () => resolve());
  });
  child.stdin.end(`${blobs.join('\n')}\n`);
  await done;
}

export async function scanHistory(
  root: string,
  options: SecretRuleOptions & { baseline?: ReadonlyMap<string, string> } = {},
): Promise<HistoryScanResult> {
  const { rules, limits, skip } = secretRules(options);
  const scanner = new SecretScanner(rules, limits);
  const { added, commits } = addedBlobs(root);
  const notes: string[] = [];
  const wanted = added.filter(
    (a) => !matchesAny(skip.generated, a.path) && !matchesAny(skip.lockfiles, a.path),
  );
  if (wanted.length > MAX_BLOBS)
    notes.push(`${wanted.length - MAX_BLOBS} blobs over the ${MAX_BLOBS}-blob limit not scanned`);
  const batch = wanted.slice(0, MAX_BLOBS);
  const findings: SecretFinding[] = [];
  let scanned = 0;
  await readBlobs(
    root,
    batch.map((b) => b.blob),
    (i, data) => {
      const item = batch[i]!;
      if (data.length > limits.maxFileBytes || data.subarray(0, 8192).includes(0)) return;
      scanned++;
      const matches = scanner.scanBytes(data);
      if (matches.length === 0) return;
      for (const f of findingsOf(item.path, data.toString('utf8'), matches, options.baseline))
        findings.push({ ...f, commit: item.commit });
    },
  );
  return { commits, blobs: added.length, scanned, findings, notes };
}
