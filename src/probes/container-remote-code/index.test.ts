import { describe, expect, it } from 'vitest';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('container-remote-code', () => {
  it('fails ADD from a URL without --checksum, and passes it with one', async () => {
    const findings = await runProbe(probe, {
      Dockerfile: `FROM alpine@sha256:${'a'.repeat(64)}\nADD https://example.com/tool.tgz /opt/\nADD --checksum=sha256:${'b'.repeat(64)} https://example.com/ok.tgz /opt/\nADD local.tgz /opt/\n`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'container-remote-code/add-url',
      outcome: 'fail',
      severity: 'high',
      location: { line: 2, column: 1 },
    });
  });

  it('fails curl | sh and wget | bash, in RUN lines and heredoc bodies, at the body line', async () => {
    const findings = await runProbe(probe, {
      Dockerfile: [
        'FROM alpine',
        'RUN apk add curl && \\',
        '    curl -fsSL https://get.example.com/install.sh | sh',
        'RUN <<EOF',
        'set -e',
        'wget -qO- https://x.example/i | sudo bash -s -- --yes',
        'EOF',
        'RUN curl -fsSLo i.sh https://x.example/i.sh && echo "abc  i.sh" | sha256sum -c - && sh i.sh',
      ].join('\n'),
    });
    expect(findings.map((f) => [f.rule, f.location?.line])).toEqual([
      ['container-remote-code/pipe-to-shell', 2],
      ['container-remote-code/pipe-to-shell', 6],
    ]);
  });

  it('passes a Dockerfile that downloads nothing unchecked; not-applicable without one; error when the collector fails', async () => {
    expect(
      outcomes(await runProbe(probe, { Containerfile: 'FROM alpine\nRUN apk add --no-cache curl\n' })),
    ).toEqual(['pass']);
    expect(outcomes(await runProbe(probe, {}))).toEqual(['not-applicable']);
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'dockerfiles'))).toEqual(['error']);
  });
});
