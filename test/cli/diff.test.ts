/** `vouch diff` on two assessments of one repository at two commits, through the built bin. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentDiff } from '../../src/app/diff.js';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const roots: string[] = [];
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function commit(root: string, message: string): void {
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', message], {
    cwd: root,
  });
}

function assess(root: string, out: string): AssessmentReport {
  const r = runBin(['assess', root, '--format', 'json', '--output', out, '--quiet', '--today', '2026-12-01']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as AssessmentReport;
}

function verdicts(report: AssessmentReport): Map<string, string> {
  return new Map(
    report.codes.flatMap((c) =>
      c.principles.flatMap((p) => p.requirements.map((r) => [r.id, `${r.verdict}/${r.basis}`])),
    ),
  );
}

describe('vouch diff', () => {
  it('lists exactly the claims and findings that changed between two commits', () => {
    const root = makeRepo(
      {
        'package.json': JSON.stringify({
          name: 'app',
          version: '1.0.0',
          dependencies: { 'left-pad': '^1.3.0' },
        }),
        'src/index.js': 'module.exports = 1;\n',
      },
      { commit: true },
    );
    roots.push(root);
    const before = join(root, '..', `${root.split('/').pop()}-a.json`);
    const after = join(root, '..', `${root.split('/').pop()}-b.json`);
    roots.push(before, after);
    const a = assess(root, before);

    // The second commit adds a lockfile, a security policy and a workflow that runs the tests.
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } },
          'node_modules/left-pad': {
            version: '1.3.0',
            integrity: 'sha512-AAAA',
            resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
          },
        },
      }),
    );
    writeFileSync(
      join(root, 'SECURITY.md'),
      '# Security policy\n\nReport vulnerabilities privately to security@example.com. We acknowledge reports within 3 working days, investigate, agree a fix date with you and publish an advisory once a fix is released.\n',
    );
    commit(root, 'policy and lockfile');
    const b = assess(root, after);
    expect(a.repository.head).not.toBe(b.repository.head);

    const r = runBin(['diff', before, after, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out) as AssessmentDiff;

    // Independently: every requirement whose verdict or basis differs, and nothing else.
    const va = verdicts(a);
    const vb = verdicts(b);
    const changed = [...new Set([...va.keys(), ...vb.keys()])]
      .filter((id) => va.get(id) !== vb.get(id))
      .sort();
    expect(changed.length).toBeGreaterThan(0);
    expect(d.requirements.map((x) => x.id)).toEqual(changed);
    for (const x of d.requirements) {
      expect(`${x.from?.verdict}/${x.from?.basis}`).toBe(va.get(x.id));
      expect(`${x.to?.verdict}/${x.to?.basis}`).toBe(vb.get(x.id));
    }
    // Findings: appeared, disappeared or changed outcome, by fingerprint.
    const fa = new Map(a.findings.map((f) => [f.fingerprint, f.outcome]));
    const fb = new Map(b.findings.map((f) => [f.fingerprint, f.outcome]));
    const expected = [
      ...[...fb].filter(([fp]) => !fa.has(fp)).map(([fp]) => `new ${fp}`),
      ...[...fa].filter(([fp]) => !fb.has(fp)).map(([fp]) => `resolved ${fp}`),
      ...[...fb].filter(([fp, o]) => fa.has(fp) && fa.get(fp) !== o).map(([fp]) => `changed ${fp}`),
    ].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(d.findings.map((f) => `${f.change} ${f.fingerprint}`).sort()).toEqual(expected);

    // Text and Markdown say the same; the same assessment twice has no changes.
    const text = runBin(['diff', before, after]);
    expect(text.out).toContain(changed[0]);
    expect(runBin(['diff', before, after, '--format', 'markdown']).out).toMatch(/^# Assessment changes/);
    const same = JSON.parse(runBin(['diff', before, before, '--format', 'json']).out) as AssessmentDiff;
    expect(same.requirements).toEqual([]);
    expect(same.findings).toEqual([]);
    // Regressions gate: reversed order makes things worse.
    expect(runBin(['diff', after, before, '--fail-on-regression']).code).toBe(1);
    expect(runBin(['diff', before, after, '--fail-on-regression']).code).toBe(
      d.summary.worse > 0 || d.summary.newFindings > 0 ? 1 : 0,
    );
  }, 180_000);

  it('refuses what is not a vouch assessment (exit 2, with what to do)', () => {
    const root = makeRepo({ 'x.json': '{"a":1}', 'y.json': 'not json' });
    roots.push(root);
    const r1 = runBin(['diff', join(root, 'x.json'), join(root, 'x.json')]);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/vouch assess --format json/);
    expect(runBin(['diff', join(root, 'y.json'), join(root, 'x.json')]).code).toBe(2);
    expect(runBin(['diff', join(root, 'nope.json'), join(root, 'x.json')]).code).toBe(2);
  }, 60_000);
});
