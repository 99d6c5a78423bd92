import { describe, expect, it } from 'vitest';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const DIGEST = `sha256:${'0'.repeat(64)}`;

describe('gitlab-ci-pinned', () => {
  it('fails images by tag and unpinned includes, at their spans and routes, following local includes', async () => {
    const findings = await runProbe(probe, {
      '.gitlab-ci.yml': `include:\n  - local: /ci/jobs.yml\n  - remote: https://example.com/x.yml\n  - project: g/t\n    ref: ${'a'.repeat(40)}\n    file: /x.yml\n  - component: gitlab.com/o/c/lint@2.0\nimage: node:20@${DIGEST}\n`,
      'ci/jobs.yml': 'build:\n  image: golang:1.22\n  services:\n    - name: redis:7\n  script: [go build]\n',
    });
    const fails = findings.filter((f) => f.outcome === 'fail');
    expect(fails.map((f) => [f.rule, f.location?.path, f.location?.line, f.location?.route])).toEqual([
      ['gitlab-ci-pinned/include', '.gitlab-ci.yml', 3, 'include[1].remote'],
      ['gitlab-ci-pinned/include', '.gitlab-ci.yml', 7, 'include[3].component'],
      ['gitlab-ci-pinned/image', 'ci/jobs.yml', 2, 'build.image'],
      ['gitlab-ci-pinned/image', 'ci/jobs.yml', 4, 'build.services[0].name'],
    ]);
    expect(fails[2]?.location).toMatchObject({ column: 10, endColumn: 21 });
  });

  it('passes a pipeline pinned throughout; variable images are unknown; missing local includes are observations', async () => {
    const [pass] = await runProbe(probe, {
      '.gitlab-ci.yml': `test:\n  image: node@${DIGEST}\n  script: [npm test]\n`,
    });
    expect(pass).toMatchObject({ outcome: 'pass' });
    const findings = await runProbe(probe, {
      '.gitlab-ci.yml':
        'include:\n  - local: ../../etc/x.yml\n  - local: /nope.yml\nt:\n  image: $IMAGE\n  script: [x]\n',
    });
    expect(outcomes(findings)).toEqual(['unknown', 'observation', 'observation']);
    expect(findings[1]?.message).toContain('leaves the repository root');
  });

  it('gives one error finding per unreadable file and goes on: 10 MB, malformed, alias bomb, deep nesting', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    }
    const findings = await runProbe(probe, {
      '.gitlab-ci.yml': `include:\n  - local: /.gitlab/ci/big.yml\n  - local: /.gitlab/ci/bad.yml\n  - local: /.gitlab/ci/bomb.yml\n  - local: /.gitlab/ci/deep.yml\nt:\n  image: alpine\n  script: [x]\n`,
      '.gitlab/ci/big.yml': `t2:\n  script:\n${'    - echo hello world\n'.repeat(500_000)}`,
      '.gitlab/ci/bad.yml': 't3: [\n',
      '.gitlab/ci/bomb.yml': `${bomb.join('\n')}\njob:\n  script: *i\n`,
      '.gitlab/ci/deep.yml': `t4: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
    });
    const errors = findings.filter((f) => f.outcome === 'error');
    expect(errors.map((f) => f.location?.path).sort()).toEqual([
      '.gitlab/ci/bad.yml',
      '.gitlab/ci/big.yml',
      '.gitlab/ci/bomb.yml',
      '.gitlab/ci/deep.yml',
    ]);
    const byPath = Object.fromEntries(errors.map((f) => [f.location?.path, f.message]));
    expect(byPath['.gitlab/ci/big.yml']).toMatch(/over the \d+-byte limit/);
    expect(byPath['.gitlab/ci/bomb.yml']).toContain('alias bomb');
    expect(byPath['.gitlab/ci/deep.yml']).toMatch(/nest/i);
    // the readable file is still assessed
    expect(findings.find((f) => f.outcome === 'fail')?.message).toContain('`alpine` is not pinned by digest');
  });

  it('is not-applicable without GitLab CI; error when the collector fails', async () => {
    expect(outcomes(await runProbe(probe, {}))).toEqual(['not-applicable']);
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'gitlab-ci'))).toEqual(['error']);
  });
});
