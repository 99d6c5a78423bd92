/**
 * Where the repository's CI and release configuration generates an SBOM: each tool or step found,
 * with file and line. CI text is read through the inventory directly (not through the CI
 * collector's facts), line by line with a bounded line length.
 */
import { ciFiles, excludedFor, limitFor } from '../../inventory/scope.js';
import type { Inventory } from '../../inventory/types.js';
import { type Collector, defineFact } from '../types.js';
import { filesWithBase } from '../util.js';
import { committedSbom, releaseFileName, releaseLine, sbomTools } from './sbom-patterns.js';

const MAX_LINE = 2000;

export interface SbomStep {
  path: string;
  line: number;
  tool: string;
  /** The matching line, trimmed (repository text: escape on output). */
  text: string;
}

export interface SbomGenerationFacts {
  /** CI / release files looked at. */
  ciFiles: string[];
  /** Files too large or unreadable. */
  unread: string[];
  steps: SbomStep[];
  /** SBOM documents committed to the repository (outside test fixtures). */
  committed: string[];
  /** CI / release files that publish a release: by name, or at a publishing line. */
  releases: ReleaseSign[];
}

export interface ReleaseSign {
  path: string;
  /** Absent when the file's name says it releases. */
  line?: number;
  what: string;
}

/** The SBOM-generating lines of one CI file (at most one per tool). */
export function findSbomSteps(path: string, text: string): SbomStep[] {
  const steps: SbomStep[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (/^\s*(#|\/\/)/.test(line)) continue; // commented-out steps do not run
    for (const tool of sbomTools) {
      if (seen.has(tool.name)) continue;
      if (tool.onlyIn && !tool.onlyIn.test(path)) continue;
      if (tool.line.test(line)) {
        seen.add(tool.name);
        steps.push({ path, line: i + 1, tool: tool.name, text: line.trim() });
      }
    }
  }
  return steps;
}

/** The first sign that a CI file publishes a release, if any. */
export function findReleaseSign(path: string, text: string): ReleaseSign | undefined {
  if (releaseFileName.test(path)) return { path, what: 'a release file by name' };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (/^\s*(#|\/\/)/.test(line)) continue;
    const sign = releaseLine.find((r) => r.line.test(line));
    if (sign) return { path, line: i + 1, what: sign.name };
  }
  return undefined;
}

export async function collectSbomGeneration(inventory: Inventory): Promise<SbomGenerationFacts> {
  const facts: SbomGenerationFacts = { ciFiles: [], unread: [], steps: [], committed: [], releases: [] };
  for (const f of filesWithBase(inventory, (base) => committedSbom.test(base))) {
    if (!excludedFor('configuration', f.path)) facts.committed.push(f.path);
  }
  const maxCiBytes = limitFor('ci');
  for (const f of ciFiles(inventory)) {
    facts.ciFiles.push(f.path);
    if (f.size > maxCiBytes) {
      facts.unread.push(f.path);
      continue;
    }
    try {
      const text = await inventory.readText(f.path, maxCiBytes);
      facts.steps.push(...findSbomSteps(f.path, text));
      const release = findReleaseSign(f.path, text);
      if (release) facts.releases.push(release);
    } catch {
      facts.unread.push(f.path);
    }
  }
  return facts;
}

export const sbomGenerationFact = defineFact<SbomGenerationFacts>('sbom-generation');

export const sbomGenerationCollector: Collector<SbomGenerationFacts> = {
  fact: sbomGenerationFact,
  collect: ({ inventory }) => collectSbomGeneration(inventory),
};
