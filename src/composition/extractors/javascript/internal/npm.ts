/**
 * Pieces every npm-ecosystem lockfile reader needs: integrity strings to hex hashes, commits out of
 * git references, and a table that folds repeated occurrences of one package into one component.
 */
import type { Component, Hash, Scope, SourceKind, SourceLocation } from '../../../component.js';
import { purlFor } from '../../../purl.js';

const integrityAlgs: Record<string, string> = {
  sha512: 'SHA-512',
  sha384: 'SHA-384',
  sha256: 'SHA-256',
  sha1: 'SHA-1',
  md5: 'MD5',
};

/**
 * Integrity strings already converted in this process, and their hashes (undefined when none).
 * One package is pinned by many lockfiles (and repeated within yarn's); its SRI string is the same
 * each time, so it is decoded once and every component shares the frozen result. Bounded: a hostile
 * tree of distinct strings only stops the caching.
 */
const convertedIntegrity = new Map<string, readonly Hash[] | null>();
const MAX_CONVERTED_INTEGRITY = 200_000;

/** Standard base64 of whole 4-character groups, at most two "=" at the end (length checked apart). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Where each digest is decoded before it becomes hex: integrity strings are at most 4096 characters. */
const decoded = Buffer.allocUnsafe(3072);

/**
 * "sha512-<base64> sha1-<base64>" (SRI) to hex hashes; unknown or malformed parts are skipped. The
 * array and its hashes are frozen and may be shared by several components.
 */
export function integrityToHashes(integrity: unknown): Hash[] | undefined {
  if (typeof integrity !== 'string' || integrity.length > 4096) return undefined;
  let hashes = convertedIntegrity.get(integrity);
  if (hashes === undefined) {
    hashes = convertIntegrity(integrity);
    if (convertedIntegrity.size < MAX_CONVERTED_INTEGRITY) convertedIntegrity.set(integrity, hashes);
  }
  return (hashes ?? undefined) as Hash[] | undefined;
}

function convertIntegrity(integrity: string): readonly Hash[] | null {
  const out: Hash[] = [];
  const parts = /\s/.test(integrity) ? integrity.split(/\s+/) : [integrity];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const dash = part.indexOf('-');
    if (dash < 0) continue;
    const alg = integrityAlgs[part.slice(0, dash).toLowerCase()];
    if (!alg) continue;
    const q = part.indexOf('?', dash);
    const b64 = q < 0 ? part.slice(dash + 1) : part.slice(dash + 1, q);
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) continue;
    const hex = decoded.toString('hex', 0, decoded.write(b64, 0, 'base64'));
    if (hex && !out.some((h) => h.alg === alg && h.content === hex))
      out.push(Object.freeze({ alg, content: hex }));
  }
  return out.length > 0 ? Object.freeze(out) : null;
}

/** Hex digest (sha1 in yarn v1 "#" fragments, sha512 in bun/berry) as a hash of the given size. */
export function hexHash(hex: unknown): Hash | undefined {
  if (typeof hex !== 'string' || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const alg =
    hex.length === 128 ? 'SHA-512' : hex.length === 64 ? 'SHA-256' : hex.length === 40 ? 'SHA-1' : '';
  return alg ? { alg, content: hex.toLowerCase() } : undefined;
}

const gitHosts = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);
const gitSchemes = ['git://', 'git+ssh://', 'git+https://', 'git+http://', 'git+file://', 'ssh://'];
const shortcutPrefixes = ['github:', 'gitlab:', 'bitbucket:'];

function isWord(s: string): boolean {
  return s.length > 0 && s.length <= 128 && /^\w+$/.test(s);
}

/** Host of an http(s) URL with optional user info, lower-cased; "" when not such a URL. */
function httpHost(ref: string): string {
  const m = /^https?:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(ref.slice(0, 2048));
  return m ? (m[1] ?? '').toLowerCase() : '';
}

/**
 * The commit a git-style reference pins, or "" when it pins none (a registry tarball's "#sha1" is
 * an integrity hash, not a commit). String operations only: references can be megabytes long.
 */
export function gitCommitOf(ref: string | undefined): string {
  if (!ref || ref.length > 8192) return '';
  // "name@git+ssh://..." (yarn) and "user@host" prefixes: look at what follows the scheme.
  const hash = ref.lastIndexOf('#');
  if (hash < 0) {
    // Common case first: a registry tarball URL has neither a fragment nor a query.
    if (!ref.includes('?') && !ref.includes('codeload.github.com')) return '';
    const host = httpHost(ref);
    if (host === 'codeload.github.com') {
      const seg = ref.slice(ref.lastIndexOf('/') + 1);
      return ref.includes('/tar.gz/') && isWord(seg) ? seg : '';
    }
    if (gitHosts.has(host)) {
      const q = ref.indexOf('?');
      if (q >= 0) {
        const ref2 = new URLSearchParams(ref.slice(q + 1)).get('ref') ?? '';
        return isWord(ref2) ? ref2 : '';
      }
    }
    return '';
  }
  // A registry tarball ("…/name/-/name-1.0.0.tgz#<sha1>") carries its integrity, not a commit.
  if (ref.startsWith('https://') && ref.endsWith('.tgz', hash) && ref.includes('/-/')) return '';
  let frag = ref.slice(hash + 1);
  const base = ref.slice(0, hash);
  let explicit = false;
  if (frag.startsWith('commit=') || frag.startsWith('commit:')) {
    frag = frag.slice(7);
    explicit = true;
  }
  // berry appends "&other=..." after commit=...
  const amp = frag.indexOf('&');
  if (amp >= 0) frag = frag.slice(0, amp);
  if (!isWord(frag)) return '';
  if (explicit) return frag;
  const at = base.indexOf('@');
  const schemeStart = gitSchemes.some((s) => base.startsWith(s))
    ? 0
    : at >= 0 && gitSchemes.some((s) => base.startsWith(s, at + 1))
      ? at + 1
      : -1;
  if (schemeStart >= 0) return frag;
  if (shortcutPrefixes.some((p) => base.startsWith(p))) return frag;
  const afterName = at > 0 && !base.startsWith('http') ? base.slice(at + 1) : base;
  if (afterName.startsWith('https://') || afterName.startsWith('http://')) {
    if (afterName.endsWith('.git')) return frag;
    if (gitHosts.has(httpHost(afterName))) return frag;
  }
  return '';
}

/** True for "1.2.3", "1.2.3-beta.1", "1.2.3+build" (an exact semver, not a range). */
export function isExactVersion(v: string): boolean {
  return v.length <= 256 && /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v);
}

/**
 * True for a plain registry tarball URL ("https://…/name/-/name-1.0.0.tgz", no fragment or
 * query): exactly the references for which gitCommitOf gives "" and sourceOfRef 'registry', tested
 * in one pass for the common case.
 */
export function isRegistryTarballUrl(ref: string): boolean {
  return (
    ref.startsWith('https://') &&
    ref.includes('/-/') &&
    !ref.includes('#') &&
    !ref.includes('?') &&
    !ref.includes('codeload.github.com')
  );
}

/** Where an npm-style `resolved` / version reference points. */
export function sourceOfRef(ref: string | undefined): SourceKind {
  if (!ref) return 'registry';
  if (ref.startsWith('https://') && ref.includes('/-/') && !ref.includes('#')) return 'registry';
  if (gitCommitOf(ref)) return 'git';
  if (gitSchemes.some((s) => ref.startsWith(s)) || shortcutPrefixes.some((p) => ref.startsWith(p)))
    return 'git';
  if (ref.startsWith('file:') || ref.startsWith('link:') || ref.startsWith('.') || ref.startsWith('/'))
    return 'path';
  if (ref.startsWith('https://') || ref.startsWith('http://')) {
    // Registry tarballs live under ".../<name>/-/<name>-<version>.tgz".
    return ref.includes('/-/') ? 'registry' : 'url';
  }
  return 'unknown';
}

const scopeRank: Record<Scope, number> = { prod: 0, peer: 1, optional: 2, dev: 3 };

/** The scope closest to production wins when one package occurs in several places. */
export function widerScope(a: Scope, b: Scope): Scope {
  return scopeRank[a] <= scopeRank[b] ? a : b;
}

export interface Occurrence {
  name: string;
  version: string;
  commit?: string;
  scope: Scope;
  /** Groups as the lockfile states them; undefined = it states none for this entry. */
  groups?: string[];
  direct?: boolean;
  source: SourceKind;
  sourceRef?: string;
  hashes?: Hash[];
  /** SRI integrity, converted only when the occurrence starts a new component. */
  integrity?: unknown;
  license?: string;
  line?: number;
  /** Manifests: whether the declared range names one version (lockfiles: version or commit set). */
  pinned?: boolean;
  /** Manifests: the declared range. */
  constraint?: string;
  /** Version to put in the purl when it differs from `version` ("" = none, for ranges). */
  purlVersion?: string;
}

interface Entry {
  component: Component;
  /** Component ids this one depends on; may repeat until finish(). Undefined until the first. */
  deps: number[] | undefined;
  /** Groups from the first occurrence; merged as osv-scalibr does (any group-less one wins). */
  groups: string[] | undefined;
}

const MAX_RELATED = 50;

/**
 * Occurrences of the same (name, version, commit) in one lockfile become one component, so the
 * result is the set of distinct packages the file pins. Edges are added between occurrence ids
 * and turned into purls at the end.
 */
export class ComponentTable {
  private readonly byKey = new Map<string, number>();
  private readonly entries: Entry[] = [];

  constructor(private readonly path: string) {}

  /** Adds one occurrence; returns the id of its component. */
  add(o: Occurrence): number {
    const key = `${o.name}@${o.version}#${o.commit ?? ''}`;
    const found = this.byKey.get(key);
    if (found !== undefined) {
      const e = this.entries[found] as Entry;
      const c = e.component;
      c.scope = widerScope(c.scope, o.scope);
      if (e.groups === undefined || e.groups.length === 0 || !o.groups || o.groups.length === 0) {
        e.groups = e.groups === undefined && o.groups === undefined ? undefined : [];
      } else {
        e.groups = [...new Set([...e.groups, ...o.groups])].sort();
      }
      if (o.direct) c.direct = true;
      else if (c.direct === undefined && o.direct === false) c.direct = false;
      if (!c.hashes && (o.hashes || o.integrity)) {
        const h = o.hashes ?? integrityToHashes(o.integrity);
        if (h) c.hashes = h;
      }
      if (!c.license && o.license) c.license = o.license;
      if (o.line !== undefined && o.line !== c.location.line) {
        c.related ??= [];
        if (c.related.length < MAX_RELATED) c.related.push({ path: this.path, line: o.line });
      }
      return found;
    }
    const location: SourceLocation = { path: this.path, line: o.line };
    // Most packages come from a registry: no qualifiers object for them.
    const qualifiers: Record<string, string> | undefined =
      o.source === 'git' && o.sourceRef
        ? { vcs_url: o.sourceRef }
        : o.source === 'url' && o.sourceRef
          ? { download_url: o.sourceRef }
          : undefined;
    // Every component has every field, absent ones undefined: one object shape, so the merge and
    // the SBOM build read them through monomorphic property loads instead of dozens of shapes.
    const component: Component = {
      ecosystem: 'npm',
      name: o.name,
      version: o.version,
      pinned: o.pinned ?? (o.version !== '' || !!o.commit),
      purl: purlFor('npm', o.name, (o.purlVersion ?? (o.version || o.commit)) || undefined, qualifiers),
      scope: o.scope,
      groups: undefined,
      constraint: o.constraint,
      direct: o.direct,
      source: o.source,
      sourceRef: o.sourceRef && o.source !== 'registry' ? o.sourceRef : undefined,
      commit: o.commit || undefined,
      hashes: o.hashes ?? integrityToHashes(o.integrity),
      license: o.license || undefined,
      dependsOn: undefined,
      location,
      related: undefined,
    };
    const id = this.entries.length;
    this.entries.push({
      component,
      deps: undefined,
      groups: o.groups && o.groups.length > 1 ? [...o.groups].sort() : o.groups,
    });
    this.byKey.set(key, id);
    return id;
  }

  addEdge(from: number, to: number): void {
    const e = this.entries[from];
    if (!e || from === to) return;
    if (e.deps) e.deps.push(to);
    else e.deps = [to];
  }

  component(id: number): Component | undefined {
    return this.entries[id]?.component;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Applies a computed scope to a component (yarn / pnpm v9 / bun compute reachability). */
  setScope(id: number, scope: Scope): void {
    const c = this.entries[id]?.component;
    if (c) c.scope = scope;
  }

  setDirect(id: number, direct: boolean): void {
    const c = this.entries[id]?.component;
    if (c) c.direct = direct;
  }

  purlOf(id: number): string | undefined {
    return this.entries[id]?.component.purl;
  }

  finish(): Component[] {
    // stamp[d] === i + 1 marks d as already listed for component i (no per-component Set).
    const stamp = new Int32Array(this.entries.length);
    const out: Component[] = new Array(this.entries.length);
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      const c = e.component;
      if (e.groups && e.groups.length > 0) c.groups = e.groups;
      const deps = e.deps;
      if (deps) {
        const purls: string[] = [];
        for (let k = 0; k < deps.length; k++) {
          const d = deps[k] as number;
          if (stamp[d] === i + 1) continue;
          stamp[d] = i + 1;
          purls.push((this.entries[d] as Entry).component.purl);
        }
        // Array sort allocates work space even for one element, and most packages have one or none.
        c.dependsOn = purls.length > 1 ? purls.sort() : purls;
      }
      out[i] = c;
    }
    return out;
  }
}

/**
 * Edge lists by component id for reachabilityScopes, each made at its first edge (`new Array(size)`
 * to start): most packages have no optional edges and leaves have none at all, so an empty array
 * per package and kind is not built.
 */
export type EdgeLists = (number[] | undefined)[];

export function addListEdge(lists: EdgeLists, from: number, to: number): void {
  const list = lists[from];
  if (list) list.push(to);
  else lists[from] = [to];
}

/**
 * Scope by reachability, for lockfiles that do not flag dev packages themselves: reachable from a
 * production root through required edges = prod; only through optional edges = optional; only
 * from dev roots = dev. Iterative, each node visited once per pass.
 */
export function reachabilityScopes(
  size: number,
  required: EdgeLists,
  optional: EdgeLists,
  roots: { prod: Iterable<number>; optional: Iterable<number>; dev: Iterable<number> },
): { scopes: (Scope | undefined)[]; unreachable: number } {
  const walk = (starts: Iterable<number>, useOptional: boolean, mark: Uint8Array): void => {
    const stack: number[] = [];
    for (const s of starts) {
      if (s >= 0 && s < size && !mark[s]) {
        mark[s] = 1;
        stack.push(s);
      }
    }
    const visit = (list: number[] | undefined) => {
      if (!list) return;
      // Indexed: this runs once per lockfile, mostly unoptimised, where for-of allocates per element.
      for (let i = 0; i < list.length; i++) {
        const m = list[i] as number;
        if (!mark[m]) {
          mark[m] = 1;
          stack.push(m);
        }
      }
    };
    while (stack.length > 0) {
      const n = stack.pop() as number;
      visit(required[n]);
      if (useOptional) visit(optional[n]);
    }
  };
  const prodRequired = new Uint8Array(size);
  walk(roots.prod, false, prodRequired);
  const prodAny = new Uint8Array(size);
  walk([...roots.prod, ...roots.optional], true, prodAny);
  const dev = new Uint8Array(size);
  walk(roots.dev, true, dev);
  const scopes: (Scope | undefined)[] = new Array(size);
  let unreachable = 0;
  for (let i = 0; i < size; i++) {
    if (prodRequired[i]) scopes[i] = 'prod';
    else if (prodAny[i]) scopes[i] = 'optional';
    else if (dev[i]) scopes[i] = 'dev';
    else unreachable++;
  }
  return { scopes, unreachable };
}

/** Splits "name@spec" where the name may be scoped ("@scope/name@spec"). */
export function splitNameAt(ident: string): [string, string] {
  const at = ident.indexOf('@', 1);
  if (at < 0) return [ident, ''];
  return [ident.slice(0, at), ident.slice(at + 1)];
}
