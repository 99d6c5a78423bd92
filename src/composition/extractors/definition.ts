/**
 * What an extractor says about itself in `<language>/<format>/extractor.yaml`, beside its code
 * (as osv-scalibr and Renovate keep each extractor's metadata with it): its id (the folder), the
 * ecosystem and purl type of what it reports, the files it reads, and what it cannot see.
 */
import type { Ecosystem } from '../component.js';

/** Which paths an extractor claims, decided from the path alone. */
export interface ExtractorReads {
  /** Exact base names. */
  names?: string[];
  /** A regular expression tested on the base name. */
  namePattern?: string;
  /** A regular expression tested on the whole POSIX path. */
  pathPattern?: string;
  /** Base names this regular expression matches are never claimed. */
  notNamePattern?: string;
  /** Paths with a folder of one of these names are never claimed (installed copies). */
  notInside?: string[];
  /** namePattern and notNamePattern ignore case. */
  ignoreCase?: boolean;
}

export interface ExtractorDefinition {
  /** `<language>/<format>`: the folder that holds it. */
  id: string;
  ecosystem: Ecosystem;
  /** The package-url type of the components it reports. */
  purlType: string;
  /** Human name of the format for coverage reports. */
  format: string;
  kind: 'lockfile' | 'manifest';
  /** The name its index.ts exports the extractor under. */
  export: string;
  reads: ExtractorReads;
  /** What the format or this extractor leaves out, said in coverage and the README. */
  cannotSee: string[];
}

/** The path test an extractor's `reads` describes. */
export function pathMatcher(reads: ExtractorReads): (path: string) => boolean {
  const flags = reads.ignoreCase ? 'i' : '';
  const names = new Set(reads.names ?? []);
  const name = reads.namePattern ? new RegExp(reads.namePattern, flags) : undefined;
  const whole = reads.pathPattern ? new RegExp(reads.pathPattern) : undefined;
  const notName = reads.notNamePattern ? new RegExp(reads.notNamePattern, flags) : undefined;
  const notInside = reads.notInside ?? [];
  return (path) => {
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    if (!(names.has(base) || name?.test(base) || whole?.test(path))) return false;
    if (notName?.test(base)) return false;
    if (notInside.length > 0 && slash > 0) {
      const folders = path.slice(0, slash).split('/');
      if (notInside.some((n) => folders.includes(n))) return false;
    }
    return true;
  };
}

/**
 * The base-name part of pathMatcher's test (a necessary condition), or undefined when a
 * `pathPattern` lets any base name through.
 */
export function baseMatcher(reads: ExtractorReads): ((base: string) => boolean) | undefined {
  if (reads.pathPattern) return undefined;
  const flags = reads.ignoreCase ? 'i' : '';
  const names = new Set(reads.names ?? []);
  const name = reads.namePattern ? new RegExp(reads.namePattern, flags) : undefined;
  const notName = reads.notNamePattern ? new RegExp(reads.notNamePattern, flags) : undefined;
  return (base) => (names.has(base) || name?.test(base) === true) && !notName?.test(base);
}

/** dist/composition/extractors/definitions.json, written by build-definitions.ts. */
export const DEFINITIONS_FILE = 'definitions.json';
export const DEFINITIONS_VERSION = 1;

export interface GeneratedDefinitions {
  version: number;
  extractors: ExtractorDefinition[];
}
