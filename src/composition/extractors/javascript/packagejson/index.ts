/**
 * package.json as a manifest: the ranges the project declares, for when no lockfile covers it.
 * A range that names one exact version is pinned and becomes the version; any other range is kept
 * as the version text with `pinned: false` (and no version in the purl). The project's own
 * name/version are not a component.
 */

import { jsonPositions } from '../../../../util/position.js';
import type { ExtractInput, ExtractionResult, Extractor, Scope, SourceKind } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { ComponentTable, gitCommitOf, isExactVersion, splitNameAt } from '../internal/npm.js';
import { isRecord, parseJson, tooLarge } from '../internal/text.js';

const packageJsonFormat = infoFor(import.meta.url);

const ID = packageJsonFormat.id;

const sections: [field: string, scope: Scope, group: string | undefined][] = [
  ['dependencies', 'prod', undefined],
  ['optionalDependencies', 'optional', 'optional'],
  ['peerDependencies', 'peer', 'peer'],
  ['devDependencies', 'dev', 'dev'],
];

/** Where a package.json range says the package comes from. */
export function sourceOfRange(range: string): SourceKind {
  if (range.startsWith('workspace:')) return 'workspace';
  if (
    range.startsWith('file:') ||
    range.startsWith('link:') ||
    range.startsWith('.') ||
    range.startsWith('/')
  )
    return 'path';
  if (/^(?:git|git\+[a-z]+|ssh|github|gitlab|bitbucket):/.test(range)) return 'git';
  if (range.startsWith('http://') || range.startsWith('https://'))
    return range.endsWith('.git') || gitCommitOf(range) ? 'git' : 'url';
  // "user/repo" and "user/repo#ref" are GitHub shorthands.
  if (/^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(range)) return 'git';
  return 'registry';
}

export function extractPackageJson(input: ExtractInput): ExtractionResult {
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  const big = tooLarge(input.text, 'package.json');
  if (big) return { ...result, error: big };
  const parsed = parseJson(input.text);
  if ('error' in parsed) return { ...result, error: `could not extract: ${parsed.error}` };
  const pj = parsed.value;
  if (!isRecord(pj)) return { ...result, error: 'could not extract: package.json is not a JSON object' };

  const table = new ComponentTable(input.path);
  const positionOf = jsonPositions(input.text);
  for (const [field, scope, group] of sections) {
    const deps = pj[field];
    if (!isRecord(deps)) continue;
    for (const declared of Object.keys(deps)) {
      const raw = deps[declared];
      if (typeof raw !== 'string') continue;
      let name = declared;
      let range = raw.trim();
      // "npm:real-name@^1" installs another package under this name.
      if (range.startsWith('npm:')) {
        const [real, r] = splitNameAt(range.slice(4));
        if (real) {
          name = real;
          range = r;
        }
      }
      const exact = range.replace(/^=\s*/, '');
      const pinned = isExactVersion(exact);
      const source = sourceOfRange(range);
      const commit = source === 'git' ? gitCommitOf(range.includes(':') ? range : `github:${range}`) : '';
      const line = positionOf([field, declared])?.line;
      const version = pinned ? exact.replace(/^v/, '') : range;
      const fullCommit = /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
      table.add({
        name,
        version,
        // Only a full hash pins a git dependency; a branch or tag name does not.
        commit: fullCommit,
        scope,
        groups: group ? [group] : undefined,
        direct: true,
        source,
        sourceRef: source === 'registry' ? undefined : range,
        line,
        pinned: pinned || fullCommit !== undefined,
        constraint: raw,
        purlVersion: pinned ? version : (fullCommit ?? ''),
      });
    }
  }
  result.components = table.finish();
  result.rootDependsOn = [...new Set(result.components.map((c) => c.purl))].sort();
  return result;
}

export const packageJsonExtractor: Extractor = {
  ...packageJsonFormat,
  extract: extractPackageJson,
};
