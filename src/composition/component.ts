/**
 * The one component model every extractor produces. A component is one package occurrence in one
 * file; `mergeComponents` folds occurrences into distinct packages (ecosystem, name, version).
 */
import type { DocumentCache } from '../inventory/documents.js';

export type Ecosystem =
  | 'npm'
  | 'pypi'
  | 'golang'
  | 'cargo'
  | 'gem'
  | 'composer'
  | 'nuget'
  | 'maven'
  | 'github-actions'
  | 'docker';

/** prod = needed at run time; dev = build/test only; optional / peer as the package manager says. */
export type Scope = 'prod' | 'dev' | 'optional' | 'peer';

/** Where the package comes from, when it is not the ecosystem's usual registry. */
export type SourceKind = 'registry' | 'git' | 'url' | 'path' | 'workspace' | 'unknown';

export interface SourceLocation {
  /** POSIX path relative to the repository root. */
  path: string;
  /** 1-based; 0 or absent when the format gives no line. */
  line?: number;
  column?: number;
}

export interface Hash {
  /** CycloneDX-style algorithm name: 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'MD5'. */
  alg: string;
  /** Lower-case hex. */
  content: string;
}

export interface Component {
  ecosystem: Ecosystem;
  /** Name as the ecosystem spells it (npm scope included: "@types/node"; Maven "group:artifact"). */
  name: string;
  /** Exact version when the file pins it; otherwise the declared range, with `pinned: false`. */
  version: string;
  /** false when `version` is a range or missing (manifest without lockfile, requirements range, ...). */
  pinned: boolean;
  /**
   * The language toolchain the file asks for (Go's `go` / `toolchain` directive as `stdlib`): a
   * build requirement, not a package a lockfile could pin, so pinning checks leave it out.
   */
  toolchain?: boolean;
  /** Package URL, built by purlFor (src/composition/purl.ts). */
  purl: string;
  scope: Scope;
  /** Dependency groups as the package manager names them ("dev", "optional", "test", "bundled", an extra's name, ...). */
  groups?: string[];
  /** The constraint as declared ("==1.0", ">=2", "^1.2.0"), when the file states one. */
  constraint?: string;
  /** true when the project names it itself; false when only pulled in by another package; undefined when unknown. */
  direct?: boolean;
  source: SourceKind;
  /** For git / url / path sources: the URL or path as written. */
  sourceRef?: string;
  /** For git sources: the commit, when known. */
  commit?: string;
  hashes?: Hash[];
  /** SPDX expression or licence name, as the lockfile states it. */
  license?: string;
  /** purls of packages this one depends on, where the lockfile records edges. */
  dependsOn?: string[];
  location: SourceLocation;
  /** Extra locations that back this occurrence (go.sum line for a go.mod entry, ...). */
  related?: SourceLocation[];
}

/** One file an extractor read (or failed to). */
export interface ExtractionResult {
  path: string;
  /** Extractor id, e.g. "javascript/packagelockjson". */
  extractor: string;
  components: Component[];
  /** Edges from the project root: purls of direct dependencies, when known. */
  rootDependsOn?: string[];
  /** Set when the file could not be read; components may be partial. Never thrown past the scan. */
  error?: string;
  /** Notes worth showing in the coverage section (unsupported feature, best-effort ranges, ...). */
  notes?: string[];
}

/** The context an extractor gets: the file's text plus a way to read siblings through the inventory. */
export interface ExtractInput {
  path: string;
  text: string;
  /**
   * Reads another file of the same repository by its repository-relative path (e.g.
   * "web/package.json" beside "web/yarn.lock"); bounded and root-confined; undefined if absent.
   */
  readSibling(path: string): Promise<string | undefined>;
  /** The run's parsed documents, when the scan runs among the collectors: readers share one parse. */
  documents?: DocumentCache;
}

export interface Extractor {
  /** Stable id, e.g. "javascript/packagelockjson". */
  id: string;
  ecosystem: Ecosystem;
  /** Human name of the format for coverage reports. */
  format: string;
  /** Does this extractor claim the file? Decided from the path alone. */
  matches(path: string): boolean;
  /**
   * false: no path with this base name is claimed, so a scan asks `matches` only of the files
   * whose base name some extractor may claim (once per base name, not per extractor and file).
   * true only means `matches` decides. Absent: every base name may be claimed.
   */
  mayClaimBase?(base: string): boolean;
  /** Lockfiles pin; manifests only declare. */
  kind: 'lockfile' | 'manifest';
  extract(input: ExtractInput): Promise<ExtractionResult> | ExtractionResult;
}
