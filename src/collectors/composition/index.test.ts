import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import { collectFacts } from '../run.js';
import {
  type CompositionFacts,
  compositionCollectors,
  compositionFact,
  type SbomGenerationFacts,
  sbomGenerationFact,
} from './index.js';
import { findSbomSteps } from './sbom-generation.js';

describe('composition collectors', () => {
  it('collect the merged composition and where CI generates SBOMs', async () => {
    const inv = memoryInventory({
      'requirements.txt': 'flask==3.0.0\n',
      '.github/workflows/release.yml': 'jobs:\n  r:\n    steps:\n      - run: syft . -o spdx-json\n',
      'docs/sbom.json': '{}',
    });
    const facts = await collectFacts(inv, compositionCollectors);
    const comp = facts.get<CompositionFacts>(compositionFact)!;
    expect(comp.components.map((c) => `${c.name}@${c.version}`)).toEqual(['flask@3.0.0']);
    const gen = facts.get<SbomGenerationFacts>(sbomGenerationFact)!;
    expect(gen.ciFiles).toEqual(['.github/workflows/release.yml']);
    expect(gen.steps).toEqual([
      { path: '.github/workflows/release.yml', line: 4, tool: 'syft', text: '- run: syft . -o spdx-json' },
    ]);
    expect(gen.committed).toEqual(['docs/sbom.json']);
  });

  it('bounds line length so a huge single line costs little', () => {
    const steps = findSbomSteps('.github/workflows/x.yml', `${'a'.repeat(5_000_000)} syft`);
    expect(steps).toEqual([]); // beyond the per-line bound
  });
});
