/**
 * What both SBOM writers (CycloneDX, SPDX) take: the merged composition, the product it
 * describes, and how to stamp the document.
 */
import { createHash } from 'node:crypto';
import type { MergedComponent } from '../../composition/merge.js';
import type { CoverageEntry } from '../../composition/scan.js';

export interface ProductInfo {
  name: string;
  version?: string;
  supplier?: { name?: string; url?: string };
  /** The product's own licence (SPDX expression or name), when declared. */
  license?: string;
}

export interface SbomInput {
  components: readonly MergedComponent[];
  /** Merged purls of the product's direct dependencies. */
  rootDependsOn: readonly string[];
  product: ProductInfo;
  /** Files that could not be read (errors, unsupported formats), noted in the document. */
  coverage?: readonly CoverageEntry[];
  /** Byte-identical output for identical input: no wall-clock time, no random identifiers. */
  deterministic?: boolean;
  /**
   * ISO date used as the creation time in deterministic mode (SOURCE_DATE_EPOCH, else the HEAD
   * commit date). CycloneDX omits the timestamp in deterministic mode; SPDX requires one.
   */
  sourceDate?: string;
  /** vouch's version for the tool entry; read from package.json when absent. */
  toolVersion?: string;
  /** CycloneDX components for AI assets (src/formats/cyclonedx/ai-bom.ts), added as they are. */
  aiComponents?: readonly Record<string, unknown>[];
  /** Fixed "now" for tests of the non-deterministic path. */
  now?: Date;
}

/** "2024-05-01T10:20:30Z": the UTC form both formats accept (no milliseconds). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The creation date for deterministic output: SOURCE_DATE_EPOCH (the reproducible-builds
 * convention) if set, else the newest commit date, else the Unix epoch.
 */
export function deterministicDate(
  commitDates: readonly string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d{1,12}$/.test(epoch)) return isoSeconds(new Date(Number(epoch) * 1000));
  const head = commitDates?.[0];
  if (head) {
    const d = new Date(head);
    if (!Number.isNaN(d.getTime())) return isoSeconds(d);
  }
  return '1970-01-01T00:00:00Z';
}

/** The 8-4-4-4-12 form of the first 16 bytes, with the given version and the RFC 4122 variant. */
export function formatUuid(bytes: Uint8Array, version: number): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  if (b.length !== 16) throw new Error('a UUID needs 16 bytes');
  b[6] = ((b[6] as number) & 0x0f) | (version << 4);
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const VOUCH_UUID_NAMESPACE = Buffer.from('6f1d2b3c8e9a4c7d9b0e5a4f3c2d1e0f', 'hex');

/** RFC 4122 version 5 (name-based) UUID from a name in vouch's own namespace. */
export function uuidV5(name: string): string {
  return formatUuid(createHash('sha1').update(VOUCH_UUID_NAMESPACE).update(name).digest(), 5);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Coverage entries that mean part of the composition is not in the SBOM. */
export function coverageProblems(coverage: readonly CoverageEntry[] | undefined): CoverageEntry[] {
  return (coverage ?? []).filter((c) => c.status === 'error' || c.status === 'unsupported');
}

/** An absolute URL (http(s), git, ssh, ...) fit for a reference field, or undefined. */
export function urlOrUndefined(ref: string | undefined): string | undefined {
  if (!ref || /\s/.test(ref) || ref.length > 2048) return undefined;
  try {
    const u = new URL(ref);
    return u.protocol && u.protocol !== 'file:' ? ref : undefined;
  } catch {
    return undefined;
  }
}
