/**
 * Gradle dependency locking: gradle.lockfile and buildscript-gradle.lockfile, one line per module,
 * `group:artifact:version=configuration,configuration`, plus `#` comments and an `empty=` line naming
 * locked configurations with no dependencies.
 */
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { tooLarge } from '../../support/json-keys.js';

const gradleLockfileFormat = infoFor(import.meta.url);

const ID = gradleLockfileFormat.id;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function parseGradleLockfile(path: string, text: string): ExtractionResult {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text);
  if (big) return { ...result, error: big };
  // The buildscript lock pins the plugins' classpath: build tooling, not shipped code.
  const buildscript = baseName(path) === 'buildscript-gradle.lockfile';
  const skipped: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const coordinates = eq >= 0 ? line.slice(0, eq) : line;
    if (coordinates === 'empty') continue;
    const parts = coordinates.split(':');
    if (parts.length !== 3 || parts.some((p) => p === '' || /\s/.test(p))) {
      skipped.push(i + 1);
      continue;
    }
    const [group, artifact, version] = parts as [string, string, string];
    const configurations =
      eq >= 0
        ? line
            .slice(eq + 1)
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c !== '')
        : [];
    const testOnly = configurations.length > 0 && configurations.every((c) => c.startsWith('test'));
    const name = `${group}:${artifact}`;
    const component: Component = {
      ecosystem: 'maven',
      name,
      version,
      pinned: true,
      purl: purlFor('maven', name, version),
      scope: buildscript || testOnly ? 'dev' : 'prod',
      groups: configurations,
      source: 'registry',
      location: { path, line: i + 1 },
    };
    result.components.push(component);
  }
  if (skipped.length > 0) {
    result.notes = [`skipped lines that are not group:artifact:version: ${skipped.slice(0, 10).join(', ')}`];
  }
  return result;
}

export const gradleLockfileExtractor: Extractor = {
  ...gradleLockfileFormat,
  extract(input) {
    try {
      return parseGradleLockfile(input.path, input.text);
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
