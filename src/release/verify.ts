/**
 * Verifies a set of release files offline: every artefact is hashed once, checked against each
 * checksum list that names it, and against each signature, Sigstore bundle or in-toto statement
 * that covers it. A checksum list with a valid signature passes that signature on to the artefacts
 * it lists. The result is per artefact (signed, checksummed, neither, failed), never a share.
 */
import { createHash } from 'node:crypto';
import { baseOf, dirOf, joinPath } from '../util/glob.js';
import { type DigestAlgorithm, parseChecksumFile, WEAK_DIGESTS } from './checksums.js';
import {
  type ArtefactData,
  checkDetachedSignature,
  checkEnvelope,
  keyFromCertificate,
  keyFromPem,
  type NamedKey,
  type ParsedBundle,
  parseSigstoreBundle,
  type SignatureCheck,
  type Statement,
} from './signatures.js';

/** Where release files come from: a folder given on the command line, or the repository's tree. */
export interface ReleaseSource {
  /** "release folder dist/" or "the repository". */
  label: string;
  files: readonly { path: string; size: number }[];
  /** Reads a small file whole (signatures, lists, certificates); throws past `max`. */
  read(path: string, max: number): Promise<Buffer>;
  /** The file's bytes in order, for hashing and signature checks of artefacts of any size. */
  chunks(path: string): AsyncIterable<Buffer>;
}

/** Which names are checksum lists, signatures, certificates, attestations and keys (rules/release-integrity.yaml). */
export interface ReleaseFileKinds {
  checksums: RegExp;
  bundles: RegExp;
  signatures: RegExp;
  certificates: RegExp;
  attestations: RegExp;
  keys: RegExp;
}

export type ArtefactVerdict = 'signed' | 'checksummed' | 'unverified' | 'neither' | 'failed';

export interface ChecksumCheck {
  file: string;
  line: number;
  algorithm: DigestAlgorithm;
  status: 'match' | 'mismatch';
}

export interface ArtefactReport {
  path: string;
  size: number;
  sha256: string;
  /** A checksum list is itself an artefact whose signature covers the files it lists. */
  role: 'artefact' | 'checksum-list';
  checksums: ChecksumCheck[];
  signatures: (SignatureCheck & { file: string })[];
  /** Signed checksum lists that list this artefact with a matching digest. */
  signedVia: string[];
  verdict: ArtefactVerdict;
  /** One line: what holds for this artefact and what does not. */
  summary: string;
}

export interface ReleaseProblem {
  file: string;
  line?: number;
  message: string;
}

export interface ReleaseVerification {
  source: string;
  artefacts: ArtefactReport[];
  problems: ReleaseProblem[];
  /** Where the keys used came from (given files, keys in the folder). */
  keys: string[];
}

/** Largest signature, bundle, certificate, key or checksum list read. */
const MAX_SMALL_FILE = 4 * 1024 * 1024;
const SUFFIXES =
  /(\.sigstore\.json|\.sigstore|\.bundle|\.sig|\.asc|\.minisig|\.pem|\.crt|\.cert|\.sha256|\.sha512|\.sha256sum|\.sha512sum|\.sha1|\.md5)$/i;

function digestOf(algorithm: DigestAlgorithm): string {
  return algorithm === 'sha1' ? 'sha1' : algorithm;
}

async function hashAll(source: ReleaseSource, path: string, algorithms: Set<DigestAlgorithm>) {
  const hashes = new Map([...algorithms].map((a) => [a, createHash(digestOf(a))]));
  for await (const chunk of source.chunks(path)) for (const h of hashes.values()) h.update(chunk);
  return new Map([...hashes].map(([a, h]) => [a, h.digest('hex')]));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface VerifyOptions {
  /**
   * Only files a checksum list or a signature's name points at are artefacts (a repository's tree,
   * where most files are not release artefacts); otherwise every file is (a release folder).
   */
  onlyNamed?: boolean;
}

export async function verifyRelease(
  source: ReleaseSource,
  kinds: ReleaseFileKinds,
  givenKeys: readonly NamedKey[] = [],
  options: VerifyOptions = {},
): Promise<ReleaseVerification> {
  const problems: ReleaseProblem[] = [];
  const byPath = new Map(source.files.map((f) => [f.path, f]));
  const kindOf = (path: string) => {
    const base = baseOf(path);
    for (const k of ['bundles', 'attestations', 'signatures', 'certificates', 'keys', 'checksums'] as const) {
      if (kinds[k].test(base)) return k;
    }
    return 'artefact' as const;
  };
  const readSmall = async (path: string): Promise<Buffer | undefined> => {
    try {
      return await source.read(path, MAX_SMALL_FILE);
    } catch (e) {
      problems.push({ file: path, message: `cannot read: ${errorText(e)}` });
      return undefined;
    }
  };

  const keys: NamedKey[] = [...givenKeys];
  for (const f of source.files) {
    if (kindOf(f.path) !== 'keys') continue;
    const bytes = await readSmall(f.path);
    const key = bytes ? keyFromPem(bytes.toString('utf8')) : undefined;
    if (key) keys.push({ key, source: `the key ${f.path} in ${source.label}` });
  }

  // Checksum lists first: they decide which digests each artefact needs.
  const lists = new Map<string, ReturnType<typeof parseChecksumFile>>();
  const wanted = new Map<string, Set<DigestAlgorithm>>();
  const want = (path: string, a: DigestAlgorithm) => {
    const set = wanted.get(path) ?? new Set<DigestAlgorithm>(['sha256']);
    set.add(a);
    wanted.set(path, set);
  };
  for (const f of source.files) {
    if (kindOf(f.path) !== 'checksums') continue;
    const bytes = await readSmall(f.path);
    if (!bytes) continue;
    const parsed = parseChecksumFile(bytes.toString('utf8'));
    lists.set(f.path, parsed);
    for (const p of parsed.problems) problems.push({ file: f.path, line: p.line, message: p.message });
    for (const e of parsed.entries) {
      // A bare digest in foo.tar.gz.sha256 names foo.tar.gz.
      const target = e.name !== undefined ? joinPath(dirOf(f.path), e.name) : f.path.replace(SUFFIXES, '');
      if (byPath.has(target)) want(target, e.algorithm);
      else problems.push({ file: f.path, line: e.line, message: `lists ${target}, which is not there` });
    }
  }

  const stems = new Set(
    source.files
      .filter((f) => ['bundles', 'signatures', 'attestations'].includes(kindOf(f.path)))
      .map((f) => f.path.replace(SUFFIXES, '')),
  );
  const artefacts: ArtefactReport[] = [];
  const byArtefact = new Map<string, ArtefactReport>();
  for (const f of source.files) {
    const kind = kindOf(f.path);
    if (kind !== 'artefact' && kind !== 'checksums') continue;
    if (options.onlyNamed && kind === 'artefact' && !wanted.has(f.path) && !stems.has(f.path)) continue;
    let digests: Map<DigestAlgorithm, string>;
    try {
      digests = await hashAll(source, f.path, wanted.get(f.path) ?? new Set(['sha256']));
    } catch (e) {
      problems.push({ file: f.path, message: `cannot read: ${errorText(e)}` });
      continue;
    }
    const report: ArtefactReport = {
      path: f.path,
      size: f.size,
      sha256: digests.get('sha256')!,
      role: kind === 'checksums' ? 'checksum-list' : 'artefact',
      checksums: [],
      signatures: [],
      signedVia: [],
      verdict: 'neither',
      summary: '',
    };
    artefacts.push(report);
    byArtefact.set(f.path, report);
    for (const [list, parsed] of lists) {
      for (const e of parsed.entries) {
        const target = e.name !== undefined ? joinPath(dirOf(list), e.name) : list.replace(SUFFIXES, '');
        if (target !== f.path) continue;
        const status = digests.get(e.algorithm) === e.digest ? 'match' : 'mismatch';
        report.checksums.push({ file: list, line: e.line, algorithm: e.algorithm, status });
      }
    }
  }
  const data = (r: ArtefactReport): ArtefactData => ({
    sha256: r.sha256,
    chunks: () => source.chunks(r.path),
  });

  const statements: { file: string; statement: Statement; check: SignatureCheck }[] = [];
  for (const f of source.files) {
    const kind = kindOf(f.path);
    if (kind !== 'bundles' && kind !== 'signatures' && kind !== 'attestations') continue;
    const bytes = await readSmall(f.path);
    if (!bytes) continue;
    if (kind === 'attestations') {
      // in-toto JSON lines: each line a DSSE envelope (SLSA generator) or a bundle
      for (const [i, line] of bytes.toString('utf8').split('\n').entries()) {
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          problems.push({ file: f.path, line: i + 1, message: 'not a JSON line' });
          continue;
        }
        const v = value as Record<string, unknown>;
        const envelope = (v?.dsseEnvelope ?? v) as Record<string, unknown>;
        const { statement, check } = checkEnvelope(envelope, keys);
        if (statement) statements.push({ file: f.path, statement, check });
        else
          problems.push({
            file: f.path,
            line: i + 1,
            message: 'not an in-toto statement in a DSSE envelope',
          });
      }
      continue;
    }
    const target = f.path.replace(SUFFIXES, '');
    let parsed: ParsedBundle | undefined;
    if (kind === 'bundles') {
      const bundle = parseSigstoreBundle(bytes.toString('utf8'), keys);
      if ('error' in bundle) {
        problems.push({ file: f.path, message: bundle.error });
        continue;
      }
      parsed = bundle;
      if (bundle.statement) {
        // DSSE bundles name their artefacts by digest, whatever the bundle's file name.
        for (const r of artefacts) {
          if (!bundle.statement.subjects.some((s) => s.sha256 === r.sha256)) continue;
          r.signatures.push({ ...(await bundle.verifyAgainst(data(r))), file: f.path });
        }
        continue;
      }
    }
    const r = byArtefact.get(target);
    if (!r) {
      problems.push({ file: f.path, message: `signs ${target}, which is not there` });
      continue;
    }
    if (parsed) {
      r.signatures.push({ ...(await parsed.verifyAgainst(data(r))), file: f.path });
      continue;
    }
    const certificate = ['.pem', '.crt', '.cert']
      .flatMap((ext) => [`${target}${ext}`, `${f.path.replace(/\.sig$/i, '')}${ext}`])
      .find((p) => byPath.has(p));
    const beside: NamedKey[] = [];
    if (certificate) {
      const certBytes = await readSmall(certificate);
      const key = certBytes ? keyFromCertificate(certBytes.toString('utf8')) : undefined;
      if (key) beside.push({ key, source: `the certificate ${certificate}` });
      else problems.push({ file: certificate, message: 'not a certificate vouch can read' });
    }
    r.signatures.push({
      ...(await checkDetachedSignature(bytes, data(r), [...beside, ...keys])),
      file: f.path,
    });
  }
  for (const s of statements) {
    for (const r of artefacts) {
      if (!s.statement.subjects.some((sub) => sub.sha256 === r.sha256)) continue;
      r.signatures.push({ ...s.check, file: s.file });
    }
  }

  // A valid signature on a checksum list covers the artefacts it lists with a matching digest.
  for (const r of artefacts) {
    for (const c of r.checksums) {
      const list = byArtefact.get(c.file);
      if (
        c.status === 'match' &&
        !WEAK_DIGESTS.has(c.algorithm) &&
        list?.signatures.some((s) => s.status === 'valid')
      ) {
        r.signedVia.push(c.file);
      }
    }
    Object.assign(r, judgeArtefact(r));
  }
  return { source: source.label, artefacts, problems, keys: keys.map((k) => k.source) };
}

function judgeArtefact(r: ArtefactReport): Pick<ArtefactReport, 'verdict' | 'summary'> {
  const bad = [
    ...r.checksums
      .filter((c) => c.status === 'mismatch')
      .map((c) => `${c.algorithm} differs from ${c.file}:${c.line}`),
    ...r.signatures.filter((s) => s.status === 'invalid').map((s) => `${s.file}: ${s.detail}`),
  ];
  if (bad.length > 0) return { verdict: 'failed', summary: bad.join('; ') };
  const valid = r.signatures.filter((s) => s.status === 'valid');
  const matched = r.checksums.filter((c) => c.status === 'match');
  const strong = matched.filter((c) => !WEAK_DIGESTS.has(c.algorithm));
  const sums =
    matched.length > 0
      ? `; checksum matches ${matched.map((c) => `${c.file} (${c.algorithm})`).join(', ')}`
      : '';
  if (valid.length > 0)
    return { verdict: 'signed', summary: `${valid.map((s) => `${s.file}: ${s.detail}`).join('; ')}${sums}` };
  if (r.signedVia.length > 0) {
    return {
      verdict: 'signed',
      summary: `listed with a matching digest in ${r.signedVia.join(', ')}, whose signature is valid`,
    };
  }
  const unverified = r.signatures.filter((s) => s.status === 'unverified');
  if (strong.length > 0) {
    const note =
      unverified.length > 0
        ? `; ${unverified.map((s) => `${s.file}: ${s.detail}`).join('; ')}`
        : '; not signed';
    return {
      verdict: 'checksummed',
      summary: `checksum matches ${strong.map((c) => `${c.file} (${c.algorithm})`).join(', ')}${note}`,
    };
  }
  if (unverified.length > 0)
    return { verdict: 'unverified', summary: unverified.map((s) => `${s.file}: ${s.detail}`).join('; ') };
  const weak =
    matched.length > 0 ? ` (only a ${matched[0]!.algorithm} checksum, too weak to detect tampering)` : '';
  return { verdict: 'neither', summary: `neither signed nor checksummed${weak}` };
}
