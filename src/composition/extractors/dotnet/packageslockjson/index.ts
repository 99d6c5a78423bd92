/**
 * NuGet packages.lock.json: `dependencies` maps each target framework (optionally with a runtime,
 * "net8.0/linux-x64") to packages with `type` (Direct, Transitive, CentralTransitive, Project),
 * `resolved` version, `contentHash` (base64 SHA-512) and `dependencies` edges. A package locked for
 * several frameworks is reported once, at its first entry.
 */
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { base64ToHex, parseJson, scanJsonKeys, tooLarge } from '../../support/json-keys.js';

const packagesLockJsonFormat = infoFor(import.meta.url);

const ID = packagesLockJsonFormat.id;

interface LockEntry {
  type?: unknown;
  resolved?: unknown;
  contentHash?: unknown;
  dependencies?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function parsePackagesLockJson(path: string, text: string): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text);
  if (big) return { ...result, error: big };
  const parsed = await parseJson(text);
  if (parsed.error) return { ...result, error: `could not extract: ${parsed.error}` };
  const lock = parsed.value;
  if (!isObject(lock))
    return { ...result, error: 'could not extract: packages.lock.json is not a JSON object' };
  const notes: string[] = [];
  if (lock.version !== 1 && lock.version !== 2)
    notes.push(`unknown lockfile version ${JSON.stringify(lock.version)}`);
  const frameworks = lock.dependencies;
  if (frameworks === undefined) return { ...result, notes };
  if (!isObject(frameworks))
    return { ...result, error: 'could not extract: "dependencies" is not an object' };

  const lines = new Map<string, number>();
  scanJsonKeys(
    text,
    (p, key, line) => {
      if (p.length === 2 && p[0] === 'dependencies') lines.set(`${p[1]}\u0000${key}`, line);
    },
    2,
  );

  // NuGet ids are case-insensitive; edges name them as the dependent package spelled them.
  const byKey = new Map<string, Component>();
  const roots: string[] = [];
  const edges: { from: Component; index: Map<string, string>; deps: Record<string, unknown> }[] = [];

  for (const [framework, packages] of Object.entries(frameworks)) {
    if (!isObject(packages)) continue;
    // lower-case id -> purl of the package locked for this framework
    const index = new Map<string, string>();
    for (const [name, raw] of Object.entries(packages)) {
      if (!isObject(raw)) continue;
      const entry = raw as LockEntry;
      const key = componentKey(name, entry);
      let component = byKey.get(key);
      if (!component) {
        const type = typeof entry.type === 'string' ? entry.type : '';
        const project = type === 'Project';
        const version = typeof entry.resolved === 'string' ? entry.resolved : '';
        const line = lines.get(`${framework}\u0000${name}`);
        component = {
          ecosystem: 'nuget',
          name,
          version,
          pinned: version !== '',
          purl: purlFor('nuget', name, version || undefined),
          scope: 'prod',
          source: project ? 'workspace' : 'registry',
          location: line ? { path, line } : { path },
        };
        // Project entries (project references) are listed for direct and transitive references alike.
        if (type === 'Direct') component.direct = true;
        else if (type === 'Transitive' || type === 'CentralTransitive') component.direct = false;
        const hex = typeof entry.contentHash === 'string' ? base64ToHex(entry.contentHash) : undefined;
        if (hex && hex.length === 128) component.hashes = [{ alg: 'SHA-512', content: hex }];
        byKey.set(key, component);
        result.components.push(component);
        if (component.direct) roots.push(component.purl);
      }
      index.set(name.toLowerCase(), component.purl);
      if (isObject(entry.dependencies)) edges.push({ from: component, index, deps: entry.dependencies });
    }
  }

  for (const { from, index, deps } of edges) {
    for (const dep of Object.keys(deps)) {
      const target = index.get(dep.toLowerCase());
      if (!target) continue;
      from.dependsOn ??= [];
      if (!from.dependsOn.includes(target)) from.dependsOn.push(target);
    }
  }
  if (roots.length > 0) result.rootDependsOn = roots;
  if (notes.length > 0) result.notes = notes;
  return result;
}

function componentKey(name: string, entry: LockEntry): string {
  const version = typeof entry.resolved === 'string' ? entry.resolved : '';
  return `${name.toLowerCase()}@${version.toLowerCase()}`;
}

export const packagesLockJsonExtractor: Extractor = {
  ...packagesLockJsonFormat,
  async extract(input) {
    try {
      return await parsePackagesLockJson(input.path, input.text);
    } catch (e) {
      return {
        path: input.path,
        extractor: ID,
        components: [],
        error: `could not extract: ${(e as Error).message}`,
      };
    }
  },
};
