/**
 * composer.json manifest: `require` (run time) and `require-dev` (dev) constraints. Nothing is
 * resolved: a component is pinned only when its constraint names one exact version.
 */

import { jsonPositions } from '../../../../util/position.js';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { parseJson, tooLarge } from '../../support/json-keys.js';
import { isPlatformPackage } from '../composerlock/index.js';

const composerJsonFormat = infoFor(import.meta.url);

const ID = composerJsonFormat.id;

/** "1.2.3", "v1.2.3", "1.0.0-beta2", "2.0.0-RC1": one version, no operator, wildcard or alternative. */
const EXACT = /^v?\d+(\.\d+){0,3}(-?(alpha|beta|rc|patch|pl|p|stable)[.-]?\d*)?$/i;

export async function parseComposerJson(path: string, text: string): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text, 16 * 1024 * 1024);
  if (big) return { ...result, error: big };
  const parsed = await parseJson(text);
  if (parsed.error) return { ...result, error: `could not extract: ${parsed.error}` };
  const manifest = parsed.value;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return { ...result, error: 'could not extract: composer.json is not a JSON object' };
  }

  const positionOf = jsonPositions(text);

  const roots: string[] = [];
  for (const section of ['require', 'require-dev'] as const) {
    const deps = (manifest as Record<string, unknown>)[section];
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
    const dev = section === 'require-dev';
    for (const [name, value] of Object.entries(deps)) {
      if (isPlatformPackage(name)) continue;
      const constraint = typeof value === 'string' ? value.trim() : '';
      const pinned = EXACT.test(constraint);
      const at = positionOf([section, name]);
      const component: Component = {
        ecosystem: 'composer',
        name,
        version: constraint,
        pinned,
        purl: purlFor('composer', name, pinned ? constraint : undefined),
        scope: dev ? 'dev' : 'prod',
        groups: dev ? ['dev'] : [],
        constraint,
        direct: true,
        source: 'registry',
        location: at ? { path, ...at } : { path },
      };
      result.components.push(component);
      roots.push(component.purl);
    }
  }
  result.rootDependsOn = roots;
  return result;
}

export const composerJsonExtractor: Extractor = {
  ...composerJsonFormat,
  async extract(input) {
    try {
      return await parseComposerJson(input.path, input.text);
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
