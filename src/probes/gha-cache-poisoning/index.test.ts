import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/release.yml';
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('gha-cache-poisoning', () => {
  it('reports cache-restoring steps of release jobs: by trigger, and by a publishing step', () => {
    const byTag = `on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@${SHA}\n      - uses: actions/setup-node@${SHA}\n        with:\n          cache: npm\n          package-manager-cache: false\n      - uses: Swatinem/rust-cache@${SHA}\n        with:\n          lookup-only: true\n`;
    expect(auditText(probe, W, byTag).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-cache-poisoning', 8],
      ['gha-cache-poisoning', 9],
    ]);
    const byPublisher = `on: push\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@${SHA}\n      - uses: pypa/gh-action-pypi-publish@${SHA}\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@${SHA}\n`;
    expect(auditText(probe, W, byPublisher).map((f) => [f.location?.line, f.message])).toEqual([
      [6, expect.stringContaining('publishes')],
    ]);
  });

  it('decides tag expressions on tag-only workflows, and reports other expressions as maybe', () => {
    const text = (on: string) =>
      `on:\n${on}jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: PyO3/maturin-action@${SHA}\n        with:\n          sccache: \${{ !startsWith(github.ref, 'refs/tags/') }}\n`;
    expect(auditText(probe, W, text('  release:\n'))).toEqual([]);
    expect(auditText(probe, W, text('  push:\n    branches: [release/1]\n')).map((f) => f.rule)).toEqual([
      'gha-cache-poisoning/maybe',
    ]);
  });

  it("reads setup-uv's `auto` cache by its version: the tag, or the comment after a pinned commit", () => {
    const step = (ref: string, input?: string) =>
      `      - uses: astral-sh/setup-uv@${ref}\n${input ? `        with:\n          enable-cache: ${input}\n` : ''}`;
    const text = (on: string, steps: string[]) =>
      `on: ${on}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${steps.join('')}`;
    const lines = (t: string, outcome: 'fail' | 'unknown' = 'fail') =>
      auditText(probe, W, t, outcome).map((f) => f.location?.line);
    const steps = [
      step('v4'), // 6: before v5 the cache is off unless asked for
      step(`${SHA} # v6.5.0`), // 7: v5-v9 cache by default
      step(`${SHA} # v6.5.0`, 'auto'), // 8
      step('v10.0.0'), // 11: v10 does not cache on release runs...
      step(`${SHA} # v10.0.0`, 'auto'), // 12
      step('v10', 'true'), // 15: ... unless asked to
      step(SHA), // 18: no version written
      step(SHA, 'false'), // 19
    ];
    expect(lines(text('release', steps))).toEqual([7, 8, 15]);
    expect(lines(text('release', steps), 'unknown')).toEqual([18]);
    expect(auditText(probe, W, text('release', steps), 'unknown')[0]).toMatchObject({
      rule: 'gha-cache-poisoning/version',
      message: expect.stringContaining('its version is not written'),
    });
    // pushed tags are not among the events v10 leaves uncached
    const tags = text('{push: {tags: [v*]}}', steps);
    expect(lines(tags)).toEqual([7, 8, 11, 12, 15]);
    expect(lines(tags, 'unknown')).toEqual([18]);
  });

  it('leaves steps and jobs that tag runs skip alone, unless the job publishes', () => {
    const text = `on:
  push:
    branches: [main]
    tags: ['*']
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@${SHA}
        if: "!startsWith(github.ref, 'refs/tags/') && (matrix.shard == 0 || github.event_name == 'pull_request')"
      - uses: actions/cache@${SHA}
        if: \${{ github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/') }}
      - uses: actions/cache@${SHA}
        if: github.ref == 'refs/heads/main'
  bench:
    if: \${{ !startsWith(github.ref, 'refs/tags/') }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@${SHA}
  ship:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@${SHA}
        if: "!startsWith(github.ref, 'refs/tags/')"
      - uses: softprops/action-gh-release@${SHA}
`;
    expect(auditText(probe, W, text).map((f) => f.location?.line)).toEqual([11, 13, 23]);
  });

  it('leaves non-release workflows, push: false builds and caching turned off alone', () => {
    const text = `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@${SHA}\n        with:\n          version: latest\n      - uses: docker/build-push-action@${SHA}\n        with:\n          push: false\n      - uses: actions/setup-python@${SHA}\n`;
    expect(auditText(probe, W, text)).toEqual([]);
    expect(auditText(probe, W, text, 'pass')).toHaveLength(1);
  });
});
