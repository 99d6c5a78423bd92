/**
 * Pipfile.lock (JSON): `default` holds run-time packages, `develop` dev ones. A package locked in both
 * at the same version is one run-time component. Git entries carry no version but a `ref` (the
 * commit); they are reported with that commit. Path / file entries without a version are noted.
 */

import { oneLine } from '../../../../util/text.js';
import type { Component, ExtractInput, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { hashesFrom, LineIndex, readOptional, siblingPath, sizeError } from '../../support/text.js';
import { asArray, asString, asTable, parseTomlDocument } from '../../support/toml.js';
import { pipfileDeclaredNames } from '../pipfile/index.js';
import { secondLevelKeyOffsets } from '../support/json.js';
import { applyDirect } from '../support/lockfile.js';
import { normaliseName } from '../support/pep508.js';

const pipfileLockFormat = infoFor(import.meta.url);

const ID = pipfileLockFormat.id;

const SECTIONS = [
  ['default', 'prod'],
  ['develop', 'dev'],
] as const;

async function declaredNames(input: ExtractInput): Promise<Set<string> | undefined> {
  const path = siblingPath(input.path, 'Pipfile');
  const text = await readOptional(input.readSibling, path);
  if (text === undefined) return undefined;
  const parsed = await parseTomlDocument(path, text);
  return parsed.ok ? pipfileDeclaredNames(parsed.doc) : undefined;
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const base = { path: input.path, extractor: ID };
  const tooBig = sizeError(input.path, input.text);
  if (tooBig) return { ...base, components: [], error: tooBig };
  if (input.text.trim() === '') return { ...base, components: [] };
  let doc: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(input.text);
    const t = asTable(v);
    if (!t) return { ...base, components: [], error: `could not extract ${input.path}: not a JSON object` };
    doc = t;
  } catch (e) {
    return {
      ...base,
      components: [],
      error: `could not extract ${input.path}: invalid JSON: ${oneLine((e as Error).message, 120)}`,
    };
  }
  const offsets = secondLevelKeyOffsets(input.text);
  const lines = new LineIndex(input.text);
  const notes: string[] = [];
  const components: Component[] = [];
  const byKey = new Map<string, Component>();
  for (const [section, scope] of SECTIONS) {
    const table = asTable(doc[section]);
    if (!table) continue;
    for (const [name, value] of Object.entries(table)) {
      const entry = asTable(value);
      if (!entry) continue;
      const spec = asString(entry['version']) ?? '';
      const version = spec.replace(/^===?\s*/, '').trim();
      const git = asString(entry['git']);
      if (!version && !git) {
        const where = asString(entry['path']) ?? asString(entry['file']) ?? '';
        notes.push(`${section}: ${name} has no version${where ? ` (${where})` : ''}; not reported`);
        continue;
      }
      const ref = asString(entry['ref']);
      const commit = git && ref && /^[0-9a-f]{40}$/i.test(ref) ? ref : undefined;
      const key = `${normaliseName(name)}@${version}#${commit ?? ''}`;
      const seen = byKey.get(key);
      if (seen) {
        // Locked for both run time and development: it is a run-time package.
        if (scope === 'prod') {
          seen.scope = 'prod';
          seen.groups = [];
        }
        continue;
      }
      const hashes = hashesFrom(asArray(entry['hashes']));
      const offset = offsets.get(section)?.get(name);
      const markers = asString(entry['markers']);
      const constraint = [spec, markers ? `; ${markers}` : ''].join('').trim();
      const c: Component = {
        ecosystem: 'pypi',
        name,
        version,
        pinned: version !== '' || commit !== undefined,
        purl: purlFor('pypi', name, version || undefined),
        scope,
        groups: scope === 'dev' ? ['dev'] : [],
        ...(constraint ? { constraint } : {}),
        source: git ? 'git' : 'registry',
        ...(git ? { sourceRef: git } : {}),
        ...(commit ? { commit } : {}),
        ...(hashes.length ? { hashes } : {}),
        location: { path: input.path, ...(offset !== undefined ? { line: lines.lineAt(offset) } : {}) },
      };
      byKey.set(key, c);
      components.push(c);
    }
  }
  for (const key of Object.keys(doc)) {
    if (key !== '_meta' && key !== 'default' && key !== 'develop' && asTable(doc[key])) {
      notes.push(`package category "${key}" not read`);
    }
  }
  const rootDependsOn = applyDirect(components, await declaredNames(input));
  return {
    ...base,
    components,
    ...(rootDependsOn ? { rootDependsOn } : {}),
    ...(notes.length ? { notes: notes.slice(0, 50) } : {}),
  };
}

export const pipfileLockExtractor: Extractor = {
  ...pipfileLockFormat,
  extract,
};
