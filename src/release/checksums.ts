/**
 * Checksum files as release tools write them: GNU coreutils (`<hex>  name`, `<hex> *name`), BSD
 * (`SHA256 (name) = <hex>`) and single-artefact files (`foo.tar.gz.sha256` holding the hex alone).
 * The algorithm follows from the tag (BSD) or the digest length. Names are hostile text: one that
 * leaves the checksum file's folder is kept as a problem, never resolved.
 */

export type DigestAlgorithm = 'sha256' | 'sha512' | 'sha384' | 'sha1' | 'md5';

/** Algorithms a customer should not rely on to detect deliberate tampering. */
export const WEAK_DIGESTS: ReadonlySet<DigestAlgorithm> = new Set(['sha1', 'md5']);

const BY_HEX_LENGTH: Record<number, DigestAlgorithm> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

const BSD_TAGS: Record<string, DigestAlgorithm> = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

export interface ChecksumEntry {
  algorithm: DigestAlgorithm;
  /** Lower-case hex. */
  digest: string;
  /** The artefact's name as written (POSIX separators), or undefined for a bare digest. */
  name?: string;
  line: number;
}

export interface ChecksumFile {
  entries: ChecksumEntry[];
  /** Lines that are neither blank, comments nor entries; names that leave the folder. */
  problems: { line: number; message: string }[];
}

/** Most lines one checksum file may hold; release lists have tens, not millions. */
const MAX_LINES = 100_000;

/** A name that stays inside the folder of the checksum file, or undefined. */
export function safeRelativeName(name: string): string | undefined {
  const n = name.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  if (n === '' || n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.split('/').includes('..')) return undefined;
  return n;
}

export function parseChecksumFile(text: string): ChecksumFile {
  const out: ChecksumFile = { entries: [], problems: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = i + 1;
    const bsd = /^(MD5|SHA1|SHA256|SHA384|SHA512) ?\((.+)\) ?= ?([0-9a-fA-F]+)$/.exec(trimmed);
    const gnu = /^\\?([0-9a-fA-F]{32,128})(?:[ \t]+\*?|[ \t]*\*)(.+)$/.exec(trimmed);
    const bare = /^([0-9a-fA-F]{32,128})$/.exec(trimmed);
    let algorithm: DigestAlgorithm | undefined;
    let digest: string;
    let name: string | undefined;
    if (bsd) {
      algorithm = BSD_TAGS[bsd[1]!];
      digest = bsd[3]!;
      name = bsd[2]!;
      if (algorithm !== BY_HEX_LENGTH[digest.length]) {
        out.problems.push({ line: at, message: `${bsd[1]} digest of the wrong length` });
        continue;
      }
    } else if (gnu || bare) {
      digest = (gnu ?? bare)![1]!;
      name = gnu?.[2]?.trim();
      algorithm = BY_HEX_LENGTH[digest.length];
    } else {
      out.problems.push({ line: at, message: 'not a checksum line' });
      continue;
    }
    if (!algorithm) {
      out.problems.push({
        line: at,
        message: `a ${digest.length}-character digest matches no known algorithm`,
      });
      continue;
    }
    if (name !== undefined) {
      const safe = safeRelativeName(name);
      if (safe === undefined) {
        out.problems.push({ line: at, message: 'names a file outside the folder of the checksum file' });
        continue;
      }
      name = safe;
    }
    out.entries.push({
      algorithm,
      digest: digest.toLowerCase(),
      ...(name !== undefined ? { name } : {}),
      line: at,
    });
  }
  return out;
}
