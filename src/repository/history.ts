/**
 * The change history of the last N commits and of the tags, read from the raw git objects
 * (`git cat-file --batch`, never `git log --show-signature`, which would run the repository's
 * gpg.program): whether each commit and tag carries a signature, the signer (SSH key fingerprint
 * or OpenPGP issuer), SSH signatures verified against an allowed-signers file when one is given,
 * merge commits and the review trace in their message, and tag moves where the local reflog
 * shows them. A shallow clone is said, so callers can answer `unknown` for what it hides.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { gitEnv, gitRepositoryAbove, HARDENING } from './git.js';
import { type AllowedSigner, verifySshSignature } from './sshsig.js';

export type SignatureKind = 'openpgp' | 'ssh' | 'x509';

export interface ObjectSignature {
  kind: SignatureKind;
  /** SSH key fingerprint, OpenPGP issuer fingerprint or key id; undefined when unreadable. */
  signer?: string;
  /** valid / invalid / unknown-key: SSH signatures checked with allowed signers; otherwise not-verified. */
  status: 'valid' | 'invalid' | 'unknown-key' | 'not-verified';
  /** Principals of the allowed signer that matched. */
  principals?: string;
}

export interface HistoryCommit {
  sha: string;
  parents: string[];
  subject: string;
  message: string;
  signature?: ObjectSignature;
}

export interface HistoryTag {
  name: string;
  /** Annotated tags are objects that can be signed; lightweight tags are bare refs. */
  annotated: boolean;
  signature?: ObjectSignature;
  /** Reflog entries that moved the tag from one object to another. */
  moves: number;
}

export interface History {
  /** Set when history could not be read at all. */
  unavailable?: string;
  shallow: boolean;
  window: number;
  commits: HistoryCommit[];
  tags: HistoryTag[];
  /** Whether the repository keeps reflogs for tags (only then can moves be seen). */
  tagReflogs: boolean;
  notes: string[];
}

export interface HistoryOptions {
  window: number;
  allowedSigners?: readonly AllowedSigner[];
  timeoutMs?: number;
}

/** Largest batch output read: N commits of ordinary size fit many times over. */
const MAX_BATCH_BYTES = 64 * 1024 * 1024;
const MAX_TAGS = 2000;

function git(root: string, args: string[], input: string | undefined, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...HARDENING, '--no-pager', ...args],
      {
        cwd: root,
        env: gitEnv(),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_BATCH_BYTES,
        encoding: 'buffer',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`git ${args[0]}: ${stderr.toString('utf8').trim().split('\n')[0] || error.message}`),
          );
        else resolve(stdout);
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

/** Objects from `git cat-file --batch` output, by sha. */
function parseBatch(out: Buffer): Map<string, { type: string; body: Buffer }> {
  const objects = new Map<string, { type: string; body: Buffer }>();
  let at = 0;
  while (at < out.length) {
    const nl = out.indexOf(10, at);
    if (nl < 0) break;
    const [sha, type, size] = out.subarray(at, nl).toString('latin1').split(' ');
    if (type === undefined || size === undefined) {
      at = nl + 1; // "<sha> missing"
      continue;
    }
    const n = Number(size);
    objects.set(sha!, { type, body: out.subarray(nl + 1, nl + 1 + n) });
    at = nl + 1 + n + 1;
  }
  return objects;
}

function signatureKind(armor: string): SignatureKind | undefined {
  if (armor.startsWith('-----BEGIN PGP SIGNATURE-----')) return 'openpgp';
  if (armor.startsWith('-----BEGIN SSH SIGNATURE-----')) return 'ssh';
  if (armor.startsWith('-----BEGIN SIGNED MESSAGE-----')) return 'x509';
  return undefined;
}

/** The issuer (fingerprint, else key id) of an armored OpenPGP signature, read from its subpackets. */
export function openPgpIssuer(armor: string): string | undefined {
  const lines = armor.split('\n').map((l) => l.trim());
  const start = lines.indexOf('');
  const b64 = lines
    .slice(start + 1)
    .filter((l) => l !== '' && !l.startsWith('-----') && !l.startsWith('='))
    .join('');
  const p = Buffer.from(b64, 'base64');
  try {
    let i = 0;
    const tag = p[i++]!;
    if ((tag & 0x80) === 0) return undefined;
    if (tag & 0x40) {
      const l = p[i++]!;
      i += l < 192 ? 0 : l < 224 ? 1 : 4;
    } else {
      i += [1, 2, 4, 0][tag & 3]!;
    }
    if (p[i] !== 4 && p[i] !== 5) return undefined;
    const v5 = p[i] === 5;
    i += 4; // version, type, public-key and hash algorithms
    let issuer: string | undefined;
    for (let area = 0; area < 2; area++) {
      const len = v5 ? p.readUInt32BE(i) : p.readUInt16BE(i);
      i += v5 ? 4 : 2;
      const end = i + len;
      while (i < end) {
        let sl = p[i++]!;
        if (sl >= 192 && sl < 255) sl = ((sl - 192) << 8) + p[i++]! + 192;
        else if (sl === 255) {
          sl = p.readUInt32BE(i);
          i += 4;
        }
        const type = p[i]! & 0x7f;
        const data = p.subarray(i + 1, i + sl);
        if (type === 33) return data.subarray(1).toString('hex').toUpperCase();
        if (type === 16) issuer ??= data.toString('hex').toUpperCase();
        i += sl;
      }
    }
    return issuer;
  } catch {
    return undefined;
  }
}

function signatureOf(
  kind: SignatureKind,
  armor: string,
  payload: Buffer,
  allowed?: readonly AllowedSigner[],
): ObjectSignature {
  if (kind === 'ssh') {
    if (!allowed) {
      const check = verifySshSignature(armor, payload, []);
      return { kind, status: 'not-verified', ...(check.fingerprint ? { signer: check.fingerprint } : {}) };
    }
    const check = verifySshSignature(armor, payload, allowed);
    return {
      kind,
      status: check.status === 'unreadable' ? 'invalid' : check.status,
      ...(check.fingerprint ? { signer: check.fingerprint } : {}),
      ...(check.principals ? { principals: check.principals } : {}),
    };
  }
  const signer = kind === 'openpgp' ? openPgpIssuer(armor) : undefined;
  return { kind, status: 'not-verified', ...(signer ? { signer } : {}) };
}

/** A raw commit: its parents, message and signature (the gpgsig header, removed from the signed payload). */
export function parseCommit(sha: string, body: Buffer, allowed?: readonly AllowedSigner[]): HistoryCommit {
  const text = body.toString('latin1');
  const headerEnd = text.indexOf('\n\n');
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const message = Buffer.from(headerEnd < 0 ? '' : text.slice(headerEnd + 2), 'latin1').toString('utf8');
  const parents: string[] = [];
  const kept: string[] = [];
  let sig: string[] | undefined;
  let inSig = false;
  for (const line of header.split('\n')) {
    if (inSig && line.startsWith(' ')) {
      sig!.push(line.slice(1));
      continue;
    }
    inSig = false;
    if (line.startsWith('gpgsig ') || line.startsWith('gpgsig-sha256 ')) {
      inSig = true;
      sig = [line.slice(line.indexOf(' ') + 1)];
      continue;
    }
    if (line.startsWith('parent ')) parents.push(line.slice(7).trim());
    kept.push(line);
  }
  const commit: HistoryCommit = { sha, parents, subject: message.split('\n')[0] ?? '', message };
  if (sig) {
    const armor = sig.join('\n');
    const kind = signatureKind(armor);
    const payload = Buffer.from(`${kept.join('\n')}${headerEnd < 0 ? '' : text.slice(headerEnd)}`, 'latin1');
    if (kind) commit.signature = signatureOf(kind, armor, payload, allowed);
  }
  return commit;
}

/** A raw annotated tag: the signature appended to its message, and the payload before it. */
export function parseTag(name: string, body: Buffer, allowed?: readonly AllowedSigner[]): HistoryTag {
  const text = body.toString('latin1');
  const tag: HistoryTag = { name, annotated: true, moves: 0 };
  const at = text.search(/^-----BEGIN (?:PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----$/m);
  if (at >= 0) {
    const armor = text.slice(at);
    const kind = signatureKind(armor);
    if (kind) tag.signature = signatureOf(kind, armor, Buffer.from(text.slice(0, at), 'latin1'), allowed);
  }
  return tag;
}

/** Reflog moves per tag: entries whose old value is neither zero (creation) nor the new value. */
async function tagMoves(
  root: string,
  dir: string,
): Promise<{ reflogs: boolean; moves: Map<string, number> }> {
  const moves = new Map<string, number>();
  if (dir === '') return { reflogs: false, moves };
  const base = isAbsolute(dir) ? dir : join(root, dir);
  let names: string[];
  try {
    names = (await readdir(base, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(base.length + 1))
      .slice(0, MAX_TAGS);
  } catch {
    return { reflogs: false, moves };
  }
  for (const name of names) {
    const text = await readFile(join(base, name), 'latin1').catch(() => '');
    let n = 0;
    for (const line of text.split('\n').slice(0, 1000)) {
      const [oldSha, newSha] = line.split(' ');
      if (oldSha && newSha && !/^0+$/.test(oldSha) && oldSha !== newSha) n++;
    }
    moves.set(name.split('\\').join('/'), n);
  }
  return { reflogs: names.length > 0, moves };
}

export async function readHistory(root: string, options: HistoryOptions): Promise<History> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const history: History = {
    shallow: false,
    window: options.window,
    commits: [],
    tags: [],
    tagReflogs: false,
    notes: [],
  };
  if (!gitRepositoryAbove(root)) return { ...history, unavailable: 'not a git repository' };
  try {
    const [probe, revs, refs] = await Promise.all([
      // One git process answers both: whether the clone is shallow, and where the tag reflogs are.
      git(
        root,
        ['rev-parse', '--is-shallow-repository', '--git-path', 'logs/refs/tags'],
        undefined,
        timeoutMs,
      ),
      git(root, ['rev-list', `--max-count=${options.window}`, 'HEAD', '--'], undefined, timeoutMs),
      git(
        root,
        [
          'for-each-ref',
          `--count=${MAX_TAGS}`,
          '--format=%(objectname) %(objecttype) %(refname:strip=2)',
          'refs/tags',
        ],
        undefined,
        timeoutMs,
      ),
    ]);
    const [shallow = '', ...tagLogs] = probe.toString('utf8').split('\n');
    history.shallow = shallow.trim() === 'true';
    const shas = revs
      .toString('latin1')
      .split('\n')
      .filter((s) => /^[0-9a-f]{40,64}$/.test(s));
    const tagRefs = refs
      .toString('utf8')
      .split('\n')
      .map((l) => /^([0-9a-f]{40,64}) (\w+) (.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    const wanted = [...shas, ...tagRefs.filter((m) => m[2] === 'tag').map((m) => m[1]!)];
    const objects =
      wanted.length > 0
        ? parseBatch(await git(root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`, timeoutMs))
        : new Map();
    for (const sha of shas) {
      const o = objects.get(sha);
      if (o?.type === 'commit') history.commits.push(parseCommit(sha, o.body, options.allowedSigners));
    }
    const { reflogs, moves } = await tagMoves(root, tagLogs.join('\n').trim());
    history.tagReflogs = reflogs;
    for (const m of tagRefs) {
      const name = m[3]!;
      const o = m[2] === 'tag' ? objects.get(m[1]!) : undefined;
      const tag =
        o?.type === 'tag'
          ? parseTag(name, o.body, options.allowedSigners)
          : { name, annotated: false, moves: 0 };
      tag.moves = moves.get(name) ?? 0;
      history.tags.push(tag);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ...history,
      unavailable: /unknown revision|bad revision|ambiguous argument 'HEAD'/.test(message)
        ? 'the repository has no commits yet'
        : message,
    };
  }
  return history;
}
