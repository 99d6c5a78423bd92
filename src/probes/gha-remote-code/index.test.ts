import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';
const wf = (...runs: string[]) =>
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${runs
    .map(
      (r) =>
        `      - run: |\n${r
          .split('\n')
          .map((l) => `          ${l}`)
          .join('\n')}\n`,
    )
    .join('')}`;

describe('gha-remote-code', () => {
  it('reports a download piped into a shell at the pipe, and unchecked downloads as no-checksum', () => {
    const text = wf(
      'echo setup\ncurl -fsSL https://get.example.com/install.sh | sudo bash',
      'wget https://example.com/tool.tar.gz\ntar xzf tool.tar.gz && ./tool/install',
    );
    expect(auditText(probe, W, text).map((f) => [f.rule, f.location?.line, f.location?.column])).toEqual([
      ['gha-remote-code', 8, 11],
      ['gha-remote-code/no-checksum', 10, 11],
    ]);
  });

  it('leaves downloads that are verified, and scripts without downloads, alone', () => {
    const text = wf(
      'curl -fsSLo tool.tgz https://example.com/tool.tgz\necho "abc123  tool.tgz" | sha256sum -c -',
      'curl -fsS https://api.example.com/status',
      'wget -qO- https://example.com/data.json > data.json && cosign verify-blob --bundle b data.json',
      'npm ci && npm test',
      'sudo apt-get install -y wget gnupg',
    );
    expect(auditText(probe, W, text)).toEqual([]);
    expect(auditText(probe, W, text, 'pass')).toHaveLength(1);
  });
});
