/**
 * yarn.lock: classic v1 (its own "key value" text format) and berry v2+ (YAML written by yarn).
 *
 * The lockfile does not say which packages are dev-only. When the package.json files it belongs
 * to are readable (the one beside the lockfile; for berry also each workspace's), scope is
 * computed by reachability from their dependencies / optionalDependencies / devDependencies.
 * Without them every package is reported as prod and a note says scope is unknown. `groups` is
 * never set: yarn.lock states no dependency group of its own.
 */
import type { ExtractInput, ExtractionResult, Extractor, SourceKind } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { keyLines, readYaml } from '../internal/lockfile-yaml.js';
import {
  addListEdge,
  ComponentTable,
  type EdgeLists,
  gitCommitOf,
  hexHash,
  integrityToHashes,
  type Occurrence,
  reachabilityScopes,
  sourceOfRef,
  splitNameAt,
} from '../internal/npm.js';
import { isRecord, parseJson, siblingPath, str, tooLarge } from '../internal/text.js';

const yarnLockFormat = infoFor(import.meta.url);

const ID = yarnLockFormat.id;
const MAX_WORKSPACES = 500;

/** One lockfile entry, whichever flavour it came from. */
interface YarnEntry {
  descriptors: string[];
  line: number;
  name: string;
  version: string;
  /** v1: the `resolved` URL; berry: the part of `resolution` after "name@". */
  ref: string;
  integrity?: string;
  dependencies: [string, string][];
  optionalDependencies: [string, string][];
}

function unquote(s: string): string {
  if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) {
    const inner = s.slice(1, -1);
    if (!inner.includes('\\')) return inner;
    try {
      const v = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // not JSON-escaped: keep the raw inner text
    }
    return inner;
  }
  return s;
}

/** Splits a v1 header ("a@^1", "a@^2":) on commas outside quotes. */
function splitDescriptors(header: string): string[] {
  if (!header.includes('"')) return header.split(',').map((d) => d.trim());
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 34 && header.charCodeAt(i - 1) !== 92) quoted = !quoted;
    else if (c === 44 && !quoted) {
      out.push(unquote(header.slice(start, i).trim()));
      start = i + 1;
    }
  }
  const last = header.slice(start).trim();
  if (last) out.push(unquote(last));
  return out;
}

/** First token (quoted or bare) and the rest of a v1 body line. */
function splitKeyValue(s: string): [string, string] {
  if (s.startsWith('"')) {
    let i = 1;
    while (i < s.length && !(s[i] === '"' && s[i - 1] !== '\\')) i++;
    return [unquote(s.slice(0, i + 1)), s.slice(i + 1).trim()];
  }
  const sp = s.indexOf(' ');
  return sp < 0 ? [s, ''] : [s.slice(0, sp), s.slice(sp + 1).trim()];
}

/** The real package name behind a descriptor: "alias@npm:real@^1" -> "real". */
function nameOfDescriptor(d: string): string {
  const [name, range] = splitNameAt(d);
  if (range.startsWith('npm:')) {
    const inner = range.slice(4);
    const [real, innerRange] = splitNameAt(inner);
    // "npm:^1.0.0" is a plain range under berry's protocol, not an alias.
    if (innerRange !== '' || !/^[\d^~<>=*]/.test(inner)) return real;
  }
  return name;
}

function parseV1(text: string): { entries: YarnEntry[]; errors: string[] } {
  const entries: YarnEntry[] = [];
  const errors: string[] = [];
  let cur: YarnEntry | undefined;
  let section: [string, string][] | undefined;
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  const finish = () => {
    if (!cur) return;
    entries.push(cur);
    cur = undefined;
  };
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line[indent] === '#') continue;
    if (indent === 0) {
      finish();
      section = undefined;
      if (!line.endsWith(':')) {
        if (errors.length < 5) errors.push(`line ${lineNo}: expected "descriptor:" header`);
        continue;
      }
      const descriptors = splitDescriptors(line.slice(0, -1));
      const first = descriptors[0] ?? '';
      cur = {
        descriptors,
        line: lineNo,
        name: nameOfDescriptor(first),
        version: '',
        ref: '',
        dependencies: [],
        optionalDependencies: [],
      };
      continue;
    }
    if (!cur) continue;
    const content = line.slice(indent);
    if (indent <= 2) {
      if (content.endsWith(':') && !content.includes(' ')) {
        const name = content.slice(0, -1);
        section =
          name === 'dependencies'
            ? cur.dependencies
            : name === 'optionalDependencies'
              ? cur.optionalDependencies
              : [];
        continue;
      }
      section = undefined;
      // Only three fields are read: no map of every field per entry; a repeated one, the last wins.
      const [k, v] = splitKeyValue(content);
      if (k === 'version') cur.version = unquote(v);
      else if (k === 'resolved') cur.ref = unquote(v);
      else if (k === 'integrity') cur.integrity = unquote(v);
    } else if (section) {
      const [k, v] = splitKeyValue(content);
      section.push([k, unquote(v)]);
    }
  }
  finish();
  return { entries, errors };
}

async function parseBerry(text: string): Promise<{ entries: YarnEntry[]; error?: string }> {
  const parsed = await readYaml(text, { typed: false });
  if ('error' in parsed) return { entries: [], error: parsed.error };
  const root = parsed.value;
  if (root === null || root === undefined) return { entries: [] };
  if (!isRecord(root)) return { entries: [], error: 'yarn.lock is not a YAML mapping' };
  const lines = keyLines(text).get('') ?? new Map<string, number>();
  const entries: YarnEntry[] = [];
  for (const key of Object.keys(root)) {
    if (key === '__metadata') continue;
    const e = root[key];
    if (!isRecord(e)) continue;
    const resolution = str(e.resolution) ?? '';
    const [name, ref] = splitNameAt(resolution);
    const deps = isRecord(e.dependencies) ? e.dependencies : {};
    const meta = isRecord(e.dependenciesMeta) ? e.dependenciesMeta : {};
    const required: [string, string][] = [];
    const optional: [string, string][] = [];
    for (const d of Object.keys(deps)) {
      const range = str(deps[d]);
      if (range === undefined) continue;
      const m = meta[d];
      (isRecord(m) && str(m.optional) === 'true' ? optional : required).push([d, range]);
    }
    entries.push({
      descriptors: key.split(',').map((s) => s.trim()),
      line: lines.get(key) ?? 0,
      name: name || nameOfDescriptor(key.split(',')[0]?.trim() ?? ''),
      version: str(e.version) ?? '',
      ref,
      dependencies: required,
      optionalDependencies: optional,
    });
  }
  return { entries };
}

function berrySource(ref: string): SourceKind {
  if (ref.startsWith('npm:')) return 'registry';
  if (ref.startsWith('workspace:')) return 'workspace';
  if (ref.startsWith('link:') || ref.startsWith('portal:') || ref.startsWith('file:')) return 'path';
  if (ref.startsWith('patch:')) {
    // "patch:name@npm%3A1.2.3#..." patches a package from the protocol inside.
    const inner = decodeURIComponent(ref.slice(6, ref.indexOf('#') > 0 ? ref.indexOf('#') : undefined));
    return inner.includes('@npm:') ? 'registry' : 'unknown';
  }
  if (gitCommitOf(ref)) return 'git';
  if (ref.startsWith('http://') || ref.startsWith('https://'))
    return ref.includes('/-/') ? 'registry' : 'url';
  return 'unknown';
}

function v1Source(e: YarnEntry): SourceKind {
  const spec = splitNameAt(e.descriptors[0] ?? '')[1];
  if (gitCommitOf(e.ref)) return 'git';
  if (spec.startsWith('file:') || spec.startsWith('link:') || e.ref.startsWith('file:')) return 'path';
  if (!e.ref) return 'registry';
  return sourceOfRef(e.ref);
}

interface Manifest {
  prod: [string, string][];
  optional: [string, string][];
  dev: [string, string][];
}

async function readManifest(input: ExtractInput, rel: string): Promise<Manifest | undefined> {
  const text = await input.readSibling(siblingPath(input.path, rel)).catch(() => undefined);
  if (text === undefined || tooLarge(text, 'package.json')) return undefined;
  const parsed = parseJson(text);
  if ('error' in parsed || !isRecord(parsed.value)) return undefined;
  const pj = parsed.value;
  const entries = (f: string): [string, string][] =>
    isRecord(pj[f])
      ? Object.entries(pj[f] as Record<string, unknown>).map(([k, v]) => [k, str(v) ?? ''])
      : [];
  const prodNames = new Set([...entries('dependencies'), ...entries('peerDependencies')].map(([k]) => k));
  const optional = entries('optionalDependencies');
  const optNames = new Set(optional.map(([k]) => k));
  return {
    prod: entries('dependencies').filter(([k]) => !optNames.has(k)),
    optional,
    dev: entries('devDependencies').filter(([k]) => !prodNames.has(k) && !optNames.has(k)),
  };
}

export async function extractYarnLock(input: ExtractInput): Promise<ExtractionResult> {
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  const big = tooLarge(input.text, 'yarn.lock');
  if (big) return { ...result, error: big };
  const text = input.text;
  const berry = text.startsWith('__metadata:') || text.includes('\n__metadata:');
  let entries: YarnEntry[];
  const errors: string[] = [];
  if (berry) {
    const r = await parseBerry(text);
    if (r.error) return { ...result, error: `could not extract: ${r.error}` };
    entries = r.entries;
  } else {
    const r = parseV1(text);
    entries = r.entries;
    errors.push(...r.errors);
  }

  const table = new ComponentTable(input.path);
  const idOfEntry: (number | undefined)[] = [];
  const byDescriptor = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const workspaces: { entry: number; dir: string }[] = [];
  entries.forEach((e, i) => {
    for (const d of e.descriptors) byDescriptor.set(d, i);
    const list = byName.get(e.name);
    if (list) list.push(i);
    else byName.set(e.name, [i]);
    if (berry && e.ref.startsWith('workspace:'))
      workspaces.push({ entry: i, dir: e.ref.slice('workspace:'.length) });
    // The root workspace is the project itself.
    if (berry && e.ref === 'workspace:.') return;
    if (!e.name) return;
    const commit = gitCommitOf(e.ref);
    const source = berry ? berrySource(e.ref) : v1Source(e);
    let hashes = integrityToHashes(e.integrity);
    if (!hashes && !berry && source === 'registry') {
      const h = hexHash(e.ref.slice(e.ref.lastIndexOf('#') + 1));
      if (h && e.ref.includes('#')) hashes = [h];
    }
    const o: Occurrence = {
      name: e.name,
      version: e.version,
      commit: commit || undefined,
      scope: 'prod',
      source,
      sourceRef: berry ? `${e.name}@${e.ref}` : e.ref || splitNameAt(e.descriptors[0] ?? '')[1] || undefined,
      hashes,
      line: e.line || undefined,
    };
    idOfEntry[i] = table.add(o);
  });

  const findEntry = (name: string, range: string): number | undefined => {
    const exact =
      byDescriptor.get(`${name}@${range}`) ?? (berry ? byDescriptor.get(`${name}@npm:${range}`) : undefined);
    if (exact !== undefined) return exact;
    const same = byName.get(name);
    return same && same.length === 1 ? same[0] : undefined;
  };

  const size = table.size;
  const required: EdgeLists = new Array(size);
  const optional: EdgeLists = new Array(size);
  const isWorkspaceEntry = new Set(workspaces.map((w) => w.entry));
  entries.forEach((e, i) => {
    const from = idOfEntry[i];
    if (from === undefined) return;
    // Indexed loops without destructuring: one pass per edge of the file, mostly unoptimised code,
    // where for-of and array patterns allocate iterator results per element.
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? required : optional;
      const deps = pass === 0 ? e.dependencies : e.optionalDependencies;
      for (let k = 0; k < deps.length; k++) {
        const dep = deps[k] as [string, string];
        const target = findEntry(dep[0], dep[1]);
        const to = target === undefined ? undefined : idOfEntry[target];
        if (to === undefined || to === from) continue;
        table.addEdge(from, to);
        // A workspace's own deps are roots classified by its package.json, not plain edges.
        if (!isWorkspaceEntry.has(i)) addListEdge(list, from, to);
      }
    }
  });

  const roots = { prod: [] as number[], optional: [] as number[], dev: [] as number[] };
  const rootDependsOn = new Set<string>();
  let manifestsRead = 0;
  let manifestsMissing = 0;
  const addRoot = (list: number[], id: number | undefined, fromRoot: boolean) => {
    if (id === undefined) return;
    list.push(id);
    table.setDirect(id, true);
    if (fromRoot) rootDependsOn.add(table.purlOf(id) as string);
  };

  if (berry) {
    for (const ws of workspaces.slice(0, MAX_WORKSPACES)) {
      const e = entries[ws.entry] as YarnEntry;
      const isRoot = ws.dir === '.';
      const manifest = await readManifest(input, isRoot ? 'package.json' : `${ws.dir}/package.json`);
      if (manifest) manifestsRead++;
      else manifestsMissing++;
      const devNames = new Set(manifest?.dev.map(([k]) => k));
      const optNames = new Set(manifest?.optional.map(([k]) => k));
      for (const [name, range] of [...e.dependencies, ...e.optionalDependencies]) {
        const target = findEntry(name, range);
        const id = target === undefined ? undefined : idOfEntry[target];
        const list = devNames.has(name) ? roots.dev : optNames.has(name) ? roots.optional : roots.prod;
        addRoot(list, id, isRoot);
      }
    }
  } else {
    const manifest = await readManifest(input, 'package.json');
    if (manifest) {
      manifestsRead++;
      for (const [list, deps] of [
        [roots.prod, manifest.prod],
        [roots.optional, manifest.optional],
        [roots.dev, manifest.dev],
      ] as const) {
        for (const [name, range] of deps) {
          const target = findEntry(name, range);
          addRoot(list, target === undefined ? undefined : idOfEntry[target], true);
        }
      }
    } else manifestsMissing++;
  }

  const notes: string[] = [];
  if (manifestsRead === 0) {
    notes.push(
      'scope unknown: no package.json readable beside yarn.lock, so every package is reported as prod',
    );
  } else {
    const { scopes, unreachable } = reachabilityScopes(size, required, optional, roots);
    for (let i = 0; i < size; i++) table.setScope(i, scopes[i] ?? 'prod');
    if (manifestsMissing > 0)
      notes.push(
        `${manifestsMissing} workspace package.json file(s) unreadable; their dependencies counted as prod`,
      );
    if (unreachable > 0)
      notes.push(`${unreachable} package(s) not reachable from package.json; scope reported as prod`);
  }
  // Direct is only known when the project's own dependency lists were: package.json, or berry's
  // workspace entries (which list them in the lockfile itself).
  if (berry || manifestsRead > 0) {
    for (let i = 0; i < size; i++) if (table.component(i)?.direct === undefined) table.setDirect(i, false);
  }

  result.components = table.finish();
  if (rootDependsOn.size > 0) result.rootDependsOn = [...rootDependsOn].sort();
  if (notes.length > 0) result.notes = notes;
  if (errors.length > 0) result.error = `partly extracted: ${errors.join('; ')}`;
  return result;
}

export const yarnLockExtractor: Extractor = {
  ...yarnLockFormat,
  extract: extractYarnLock,
};
