import { describe, expect, it, vi } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import { type CiFacts, ciFact } from './ci/index.js';
import {
  type CompositionFacts,
  compositionFact,
  type SbomGenerationFacts,
  sbomGenerationFact,
} from './composition/index.js';
import { collectors } from './index.js';
import { collectFacts } from './run.js';

// Every parse of repository YAML goes through src/util/yaml.ts: count them by the text parsed, so a
// reader that bypasses the document cache is caught too.
const yamlParses = vi.hoisted(() => new Map<string, number>());
vi.mock('../util/yaml.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../util/yaml.js')>();
  return {
    ...original,
    parseYamlDocument: (text: string, options?: Parameters<typeof original.parseYamlDocument>[1]) => {
      yamlParses.set(text, (yamlParses.get(text) ?? 0) + 1);
      return original.parseYamlDocument(text, options);
    },
  };
});

const WORKFLOW = `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
      - uses: ./.github/actions/setup
      - run: syft dir:. -o spdx-json
`;
const ACTION = `runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4
`;

const GITLAB = `release:
  image: node:22
  script:
    - npm publish
`;

describe('one parse per run', () => {
  it('every collector of an assess run reads a workflow from one parse of it', async () => {
    const inventory = memoryInventory({
      '.github/workflows/release.yml': WORKFLOW,
      '.github/actions/setup/action.yml': ACTION,
      '.gitlab-ci.yml': GITLAB,
    });
    const facts = await collectFacts(inventory, collectors);
    // The readers ran and saw the files ...
    const ci = facts.get<CiFacts>(ciFact)!;
    expect(ci.files.map((f) => [f.path, f.parsed])).toEqual([
      ['.github/workflows/release.yml', true],
      ['.gitlab-ci.yml', true],
      ['.github/actions/setup/action.yml', true],
    ]);
    const composition = facts.get<CompositionFacts>(compositionFact)!;
    // The local action is the repository's own code: a note, not a component.
    expect(composition.components.map((c) => c.name).sort()).toEqual([
      'actions/checkout',
      'actions/setup-node',
    ]);
    expect(facts.get<SbomGenerationFacts>(sbomGenerationFact)!.steps.map((s) => s.tool)).toEqual(['syft']);
    // ... from one parse each.
    expect(facts.documents.parses('.github/workflows/release.yml')).toBe(1);
    expect(facts.documents.parses('.github/actions/setup/action.yml')).toBe(1);
    expect(yamlParses.get(WORKFLOW)).toBe(1);
    expect(yamlParses.get(ACTION)).toBe(1);
    // the GitLab model is shared by the GitLab CI collector and SBOM generation
    expect(facts.documents.parses('.gitlab-ci.yml')).toBe(1);
    expect(yamlParses.get(GITLAB)).toBe(1);
  });
});
