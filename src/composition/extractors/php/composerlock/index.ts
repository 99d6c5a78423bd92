/**
 * composer.lock: `packages` (run time) and `packages-dev` (require-dev), each entry with its exact
 * version, VCS source reference, dist checksum, licences and `require` edges. Direct dependencies come
 * from the composer.json beside the lock when it can be read.
 */
import { posix } from 'node:path';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { parseJson, scanJsonKeys, tooLarge } from '../../support/json-keys.js';

const composerLockFormat = infoFor(import.meta.url);

const ID = composerLockFormat.id;

interface LockPackage {
  name?: unknown;
  version?: unknown;
  source?: { type?: unknown; url?: unknown; reference?: unknown };
  dist?: { type?: unknown; url?: unknown; reference?: unknown; shasum?: unknown };
  license?: unknown;
  require?: unknown;
}

const COMMIT = /^[0-9a-f]{40}$/i;

/** Requirements on the PHP runtime, extensions, system libraries or Composer itself are not packages. */
export function isPlatformPackage(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'php' ||
    n.startsWith('php-') ||
    n === 'hhvm' ||
    n.startsWith('ext-') ||
    n.startsWith('lib-') ||
    n === 'composer' ||
    n === 'composer-plugin-api' ||
    n === 'composer-runtime-api' ||
    !n.includes('/')
  );
}

/** Composer's `license` array lists alternatives (disjunctive), so it becomes an SPDX OR expression. */
export function licenseExpression(license: unknown): string | undefined {
  const list = (Array.isArray(license) ? license : [license]).filter(
    (l): l is string => typeof l === 'string' && l.trim() !== '',
  );
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0]!.trim();
  return list.map((l) => (/\s/.test(l.trim()) ? `(${l.trim()})` : l.trim())).join(' OR ');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Names declared in composer.json require / require-dev, when the sibling can be read. */
async function declaredNames(
  lockPath: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<Set<string> | undefined> {
  let text: string | undefined;
  try {
    text = await readSibling(posix.join(posix.dirname(lockPath), 'composer.json'));
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  const parsed = await parseJson(text);
  if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const names = new Set<string>();
  for (const key of ['require', 'require-dev']) {
    const section = (parsed.value as Record<string, unknown>)[key];
    if (section && typeof section === 'object' && !Array.isArray(section)) {
      for (const n of Object.keys(section)) names.add(n.toLowerCase());
    }
  }
  return names;
}

export async function parseComposerLock(
  path: string,
  text: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text);
  if (big) return { ...result, error: big };
  const parsed = await parseJson(text);
  if (parsed.error) return { ...result, error: `could not extract: ${parsed.error}` };
  const lock = parsed.value;
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
    return { ...result, error: 'could not extract: composer.lock is not a JSON object' };
  }

  // Line of each entry's "name" key, by section and index.
  const lines = new Map<string, number>();
  scanJsonKeys(
    text,
    (p, key, line) => {
      if (p.length === 2 && key === 'name' && (p[0] === 'packages' || p[0] === 'packages-dev')) {
        lines.set(`${p[0]}#${p[1]}`, line);
      }
    },
    2,
  );

  const entries: { pkg: LockPackage; dev: boolean; line: number | undefined }[] = [];
  const skipped: string[] = [];
  for (const section of ['packages', 'packages-dev'] as const) {
    const list = (lock as Record<string, unknown>)[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      skipped.push(`"${section}" is not an array`);
      continue;
    }
    list.forEach((pkg: unknown, i) => {
      if (typeof pkg !== 'object' || pkg === null || !str((pkg as LockPackage).name)) {
        skipped.push(`${section}[${i}] has no name`);
        return;
      }
      entries.push({
        pkg: pkg as LockPackage,
        dev: section === 'packages-dev',
        line: lines.get(`${section}#${i}`),
      });
    });
  }

  const declared = await declaredNames(path, readSibling);
  const purlByName = new Map<string, string>();
  const purls = entries.map(({ pkg }) => {
    const name = pkg.name as string;
    const purl = purlFor('composer', name, str(pkg.version));
    if (!purlByName.has(name.toLowerCase())) purlByName.set(name.toLowerCase(), purl);
    return purl;
  });

  entries.forEach(({ pkg, dev, line }, i) => {
    const name = pkg.name as string;
    const version = str(pkg.version) ?? '';
    const reference = str(pkg.source?.reference) ?? str(pkg.dist?.reference);
    const commit = reference && COMMIT.test(reference) ? reference.toLowerCase() : undefined;
    // Branch versions (dev-main, 1.x-dev) are only fixed by the commit the lock recorded.
    const branch = version.startsWith('dev-') || version.endsWith('-dev');
    const component: Component = {
      ecosystem: 'composer',
      name,
      version,
      pinned: version !== '' && (!branch || commit !== undefined),
      purl: purls[i]!,
      scope: dev ? 'dev' : 'prod',
      groups: dev ? ['dev'] : [],
      source: 'registry',
      location: line ? { path, line } : { path },
    };
    if (declared) component.direct = declared.has(name.toLowerCase());
    // Drupal-style references are version strings, not commits.
    if (commit) component.commit = commit;
    const shasum = str(pkg.dist?.shasum)?.toLowerCase();
    if (shasum && /^[0-9a-f]{40}$/.test(shasum)) component.hashes = [{ alg: 'SHA-1', content: shasum }];
    const license = licenseExpression(pkg.license);
    if (license) component.license = license;
    if (pkg.require && typeof pkg.require === 'object' && !Array.isArray(pkg.require)) {
      const deps: string[] = [];
      for (const dep of Object.keys(pkg.require)) {
        const target = isPlatformPackage(dep) ? undefined : purlByName.get(dep.toLowerCase());
        if (target && !deps.includes(target)) deps.push(target);
      }
      if (deps.length > 0) component.dependsOn = deps;
    }
    result.components.push(component);
  });

  if (declared) {
    result.rootDependsOn = [];
    for (const name of declared) {
      const purl = purlByName.get(name);
      if (purl) result.rootDependsOn.push(purl);
    }
  } else {
    result.notes = ['composer.json not found beside the lock: direct dependencies unknown'];
  }
  if (skipped.length > 0) result.notes = [...(result.notes ?? []), ...skipped.slice(0, 10)];
  return result;
}

export const composerLockExtractor: Extractor = {
  ...composerLockFormat,
  async extract(input) {
    try {
      return await parseComposerLock(input.path, input.text, input.readSibling);
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
