/**
 * Every extractor vouch knows, read off the folders: each `<language>/<format>/` holds its code
 * (index.ts) and its description (extractor.yaml: id, ecosystem, purl type, the files it reads,
 * what it cannot see; see definitions.ts). Adding an extractor touches only its own folder.
 *
 * The code loads on an extractor's first `extract()` call (support/lazy.ts): a scan runs one or
 * two of them, and a fresh process pays for every module it loads.
 */
import type { Extractor } from '../component.js';
import { extractorDefinitions, extractorInfo } from './definitions.js';
import { lazyExtractor } from './support/lazy.js';

/** .js when built, .ts when run from source (tsx, vitest). */
const CODE_EXTENSION = import.meta.url.slice(import.meta.url.lastIndexOf('.'));

export const extractors: readonly Extractor[] = extractorDefinitions.map((d) =>
  lazyExtractor(extractorInfo(d.id), async () => {
    // A URL, not a template literal: bundlers and vitest rewrite the latter into a one-level glob.
    const url = new URL(`./${d.id}/index${CODE_EXTENSION}`, import.meta.url).href;
    const module = (await import(/* @vite-ignore */ url)) as Record<string, Extractor | undefined>;
    const extractor = module[d.export];
    if (!extractor) throw new Error(`${d.id}/index.js exports no ${d.export}`);
    return extractor;
  }),
);
