import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import { collectOne } from '../test-helpers.js';
import {
  type DependencyUpdateFacts,
  dependencyUpdatesCollector,
  json5ToJson,
  parseDependabot,
  parseRenovate,
} from './index.js';

const collect = (files: Record<string, string>) =>
  collectOne(dependencyUpdatesCollector, memoryInventory(files)) as Promise<DependencyUpdateFacts>;

describe('dependency-updates collector', () => {
  it('reads Dependabot update entries with positions', () => {
    const parsed = parseDependabot(`version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule: { interval: weekly }
  - package-ecosystem: "pip"
    directories: ["/api", "/worker"]
    open-pull-requests-limit: 0
`);
    expect(parsed).toEqual({
      updates: [
        { ecosystem: 'npm', directories: ['/'], disabled: false, line: 3, column: 24 },
        { ecosystem: 'pip', directories: ['/api', '/worker'], disabled: true, line: 6, column: 24 },
      ],
    });
  });

  it('returns Dependabot errors as values', () => {
    expect(parseDependabot('version: 2\nupdates: [\n')).toHaveProperty('error');
    expect(parseDependabot('version: 2\n')).toEqual({ error: 'no `updates` list' });
  });

  it('reads Renovate enabled and enabledManagers, tolerating JSON5 in .json5', () => {
    expect(parseRenovate('{"extends": ["config:recommended"]}', true)).toEqual({ enabled: true });
    expect(parseRenovate('{"enabled": false}', true)).toEqual({ enabled: false });
    expect(parseRenovate('{\n  // c\n  "enabledManagers": ["npm"],\n}', true)).toEqual({
      enabled: true,
      enabledManagers: ['npm'],
    });
    expect(parseRenovate("{ extends: ['config:base'] }", false)).toEqual({ enabled: true });
    expect(
      parseRenovate(
        '{\n  // off for now\n  enabled: false,\n  enabledManagers: [\'npm\', "cargo"],\n}',
        false,
      ),
    ).toEqual({
      enabled: false,
      enabledManagers: ['npm', 'cargo'],
    });
    expect(json5ToJson(`{ a: 'it\\'s "x"', 'b': 1 }`)).toBe('{ "a": "it\'s \\"x\\"", "b": 1 }');
    expect(parseRenovate('{ "extends": ', true)).toHaveProperty('error');
  });

  it('finds tools by file, package.json key and CI step', async () => {
    const facts = await collect({
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n',
      'package.json': JSON.stringify({ name: 'x', renovate: { extends: ['config:recommended'] } }, null, 2),
      '.github/workflows/renovate.yml':
        'on: schedule\njobs:\n  r:\n    runs-on: x\n    steps:\n      - uses: renovatebot/github-action@v40\n',
      '.pyup.yml': 'update: all\n',
    });
    expect(
      facts.tools.map((t) => [
        t.id,
        t.evidence.map((e) => `${e.via}:${e.path}${e.line ? `:${e.line}:${e.column}` : ''}`),
      ]),
    ).toEqual([
      ['dependabot', ['file:.github/dependabot.yml']],
      ['renovate', ['package.json:package.json:3:3', 'ci:.github/workflows/renovate.yml:6:15']],
      ['pyup', ['file:.pyup.yml']],
    ]);
    expect(facts.tools[0]?.updates?.[0]?.ecosystem).toBe('gomod');
    expect(facts.tools[1]).toMatchObject({ parsed: true, coversAll: true });
  });

  it('marks a broken Dependabot file as not parsed', async () => {
    const facts = await collect({
      '.github/dependabot.yaml': 'updates:\n  - package-ecosystem: npm\n  - [\n',
    });
    expect(facts.tools[0]).toMatchObject({ id: 'dependabot', parsed: false });
    expect(facts.tools[0]?.error).toMatch(/^\.github\/dependabot\.yaml: YAML error/);
  });

  it('finds nothing in an empty repository', async () => {
    expect((await collect({ 'README.md': '' })).tools).toEqual([]);
  });
});
