/**
 * Hostile GitHub Actions files: each gives one clear error finding for itself, and the other
 * workflows are still audited.
 */
import { describe, expect, it } from 'vitest';
import { probe as templateInjection } from '../gha-template-injection/index.js';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const GOOD = `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`;

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from(
    { length: 9 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
  ),
  'on: push',
  'jobs: {}',
].join('\n');

const HOSTILE: Record<string, string> = {
  '.github/workflows/malformed.yml': 'on: push\njobs:\n  a: [unclosed\n',
  '.github/workflows/huge.yml': `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${'      - run: echo hi\n'.repeat(600_000)}`,
  '.github/workflows/bomb.yml': bomb,
  '.github/workflows/deep.yml': `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \${{ ${'('.repeat(10_000)}github.head_ref${')'.repeat(10_000)} }}\n`,
};

describe('gha-file-readable', () => {
  it('gives one error finding per hostile file, and the good workflow is still audited', async () => {
    expect(HOSTILE['.github/workflows/huge.yml']!.length).toBeGreaterThan(10_000_000);
    const files = { ...HOSTILE, '.github/workflows/good.yml': GOOD };
    const findings = await runProbe(probe, files);
    expect(findings.map((f) => [f.outcome, f.location?.path]).sort()).toEqual(
      Object.keys(HOSTILE)
        .map((p) => ['error', p])
        .sort(),
    );
    for (const f of findings) expect(f.message).toMatch(/was not audited: \S/);
    const injections = (await runProbe(templateInjection, files)).filter((f) => f.outcome === 'fail');
    expect(injections.map((f) => f.location?.path)).toEqual(['.github/workflows/good.yml']);
  }, 60_000);

  it('passes when every file was read', async () => {
    const [f] = await runProbe(probe, { '.github/workflows/good.yml': GOOD });
    expect(f?.outcome).toBe('pass');
  });
});
