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
      {
        path: '.github/workflows/release.yml',
        line: 4,
        column: 14,
        tool: 'syft',
        text: 'syft . -o spdx-json',
      },
    ]);
    expect(gen.committed).toEqual(['docs/sbom.json']);
  });

  it('reads workflows through the Actions model: a YAML comment runs nothing, an env expression runs its value', async () => {
    const inv = memoryInventory({
      '.github/workflows/comment.yml':
        'jobs:\n  b:\n    steps:\n      - run: make build # then syft, some day\n',
      '.github/workflows/env.yml': [
        'env:',
        '  GENERATOR: cdxgen',
        'jobs:',
        '  b:',
        '    steps:',
        '      - run: |',
        '          npm ci',
        `          npx \${{ env.GENERATOR }} -o bom.json`,
        '',
      ].join('\n'),
    });
    const facts = await collectFacts(inv, compositionCollectors);
    const gen = facts.get<SbomGenerationFacts>(sbomGenerationFact)!;
    expect(gen.unread).toEqual([]);
    expect(gen.steps).toEqual([
      {
        path: '.github/workflows/env.yml',
        line: 8,
        column: 11,
        tool: 'cdxgen',
        text: 'npx cdxgen -o bom.json',
      },
    ]);
  });

  it('counts a workflow that is not valid YAML as unread', async () => {
    const inv = memoryInventory({ '.github/workflows/bad.yml': 'jobs: {\n  - run: syft .\n' });
    const gen = (await collectFacts(inv, compositionCollectors)).get<SbomGenerationFacts>(
      sbomGenerationFact,
    )!;
    expect(gen).toMatchObject({
      ciFiles: ['.github/workflows/bad.yml'],
      unread: ['.github/workflows/bad.yml'],
      steps: [],
    });
  });

  it('bounds line length so a huge single line costs little', () => {
    const steps = findSbomSteps('.github/workflows/x.yml', `${'a'.repeat(5_000_000)} syft`);
    expect(steps).toEqual([]); // beyond the per-line bound
  });

  it('reads release signs from the Actions model: a job named publish counts, a YAML comment does not', async () => {
    const inv = memoryInventory({
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      # - run: npm publish\n      - run: make\n',
      '.github/workflows/ship.yml':
        'on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  publish-npm:\n    runs-on: x\n    steps:\n      - run: npm publish --provenance\n',
    });
    const gen = (await collectFacts(inv, compositionCollectors)).get<SbomGenerationFacts>(
      sbomGenerationFact,
    )!;
    expect(gen.releases).toEqual([
      { path: '.github/workflows/ship.yml', line: 7, what: 'publish job', shows: 'built' },
    ]);
  });

  it('reads GitLab CI through the GitLab model: job names, images and script lines, not comments', async () => {
    const inv = memoryInventory({
      '.gitlab-ci.yml': [
        '# deploy: npm publish (not yet)',
        'sbom:',
        '  image: anchore/syft:v1',
        '  script:',
        '    - make',
        '    - |',
        '      echo building',
        '      cdxgen -o bom.json',
        'release-npm:',
        '  script:',
        '    - npm publish',
        '',
      ].join('\n'),
    });
    const gen = (await collectFacts(inv, compositionCollectors)).get<SbomGenerationFacts>(
      sbomGenerationFact,
    )!;
    expect(gen.unread).toEqual([]);
    expect(gen.steps.map((s) => [s.tool, s.line])).toEqual([
      ['syft', 3],
      ['cdxgen', 8],
    ]);
    expect(gen.releases).toEqual([{ path: '.gitlab-ci.yml', line: 11, what: 'npm publish', shows: 'built' }]);
  });
});
