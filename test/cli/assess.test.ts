/**
 * `vouch assess` end to end, in-process: the published JSON schema, verdicts on an empty
 * repository, attestations, --fail-on, hostile vouch.yaml, escaping in every format.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssessmentReport, RequirementResult } from '../../src/assessment/types.js';
import { assessToJson, runCli } from '../helpers/cli.js';
import { minimalManifest } from '../helpers/manifest.js';
import { makeRepo } from '../helpers/repo.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/assessment-report.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function repo(files: Record<string, string | Buffer> = {}, commit = false): string {
  const r = makeRepo(files, { commit });
  roots.push(r);
  return r;
}

async function assessJson(
  root: string,
  extra: string[] = [],
): Promise<{ report: AssessmentReport; code: number; err: string }> {
  return assessToJson(root, ['--today', '2026-11-28', ...extra]);
}

function requirements(report: AssessmentReport, code: string): RequirementResult[] {
  return report.codes.find((c) => c.id === code)!.principles.flatMap((p) => p.requirements);
}

const manifest = minimalManifest;

describe('vouch assess on an empty git repository', () => {
  it('reports all 45 SSCoP claims, none met, each unknown or not-met with a reason, valid JSON', async () => {
    const { report, code } = await assessJson(repo());
    expect(code).toBe(0);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const claims = requirements(report, 'sscop');
    expect(claims).toHaveLength(45);
    // A clean secrets scan supports (never decides) sscop:1.4.5 and 2.1.4: at most partial.
    const supportedByScan = new Set(['sscop:1.4.5', 'sscop:2.1.4']);
    for (const c of claims) {
      expect(
        supportedByScan.has(c.id) ? ['unknown', 'not-met', 'partial'] : ['unknown', 'not-met'],
        c.id,
      ).toContain(c.verdict);
      expect(c.reason.length, c.id).toBeGreaterThan(10);
    }
    expect(claims.some((c) => c.verdict === 'not-met')).toBe(true);
    expect(report.codes.find((c) => c.id === 'aicop')?.applicable).toBe(false);
    expect(report.problems.manifest[0]?.message).toMatch(/vouch init/);
    expect(report.repository.note).toBeDefined();
  });

  it('sets the exit code with --fail-on and names the requirements', async () => {
    const root = repo();
    const r = await runCli(['assess', root, '--format', 'json', '--fail-on', 'not-met', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/requirement\(s\) at --fail-on not-met or worse: sscop:/);
    const lenient = await runCli(['assess', root, '--format', 'json', '--quiet']);
    expect(lenient.code).toBe(0);
  });

  it('rejects an unknown --fail-on level as a usage error', async () => {
    const r = await runCli(['assess', repo(), '--fail-on', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sometimes/);
  });
});

describe('attestations in vouch.yaml', () => {
  const attest = (expires: string) =>
    manifest(`attestations:
  sscop:1.1.2:
    status: met
    statement: Every developer completes secure-coding training on joining and yearly.
    evidence:
      - docs/training.md
    owner: Head of Engineering
    reviewed: "2026-11-01"
    expires: "${expires}"
`);

  it('changes a verdict, records the evidence hash, and the hash follows the file', async () => {
    const root = repo({ 'vouch.yaml': attest('2027-11-01'), 'docs/training.md': 'v1' });
    const first = (await assessJson(root)).report;
    const claim = requirements(first, 'sscop').find((r) => r.id === 'sscop:1.1.2')!;
    expect(claim).toMatchObject({ verdict: 'met', basis: 'attested' });
    const file = claim.evidence.find((e) => e.kind === 'file') as { sha256: string };
    writeFileSync(join(root, 'docs/training.md'), 'v2');
    const second = (await assessJson(root)).report;
    const again = requirements(second, 'sscop').find((r) => r.id === 'sscop:1.1.2')!;
    expect((again.evidence.find((e) => e.kind === 'file') as { sha256: string }).sha256).not.toBe(
      file.sha256,
    );
    expect(validate(second)).toBe(true);
  });

  it('does not count an expired attestation and says so', async () => {
    const { report } = await assessJson(
      repo({ 'vouch.yaml': attest('2026-01-01'), 'docs/training.md': 'v1' }),
    );
    expect(requirements(report, 'sscop').find((r) => r.id === 'sscop:1.1.2')?.verdict).toBe('unknown');
    expect(report.findings.find((f) => f.rule === 'attestation-expired')).toMatchObject({
      outcome: 'fail',
      location: { path: 'vouch.yaml', line: 8 },
    });
  });
});

describe('hostile vouch.yaml', () => {
  it('a YAML alias bomb gives a clear message on stderr and stops before any work (exit 2)', async () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const n of 'bcdefghij') {
      bomb += `${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
      prev = n;
    }
    const r = await runCli(['assess', repo({ 'vouch.yaml': bomb, SECURITY: 'x' }), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/vouch\.yaml:1:1: refused: .*(alias|resource)/i);
  });

  it('points a schema error at file:line:column on stderr and exits 2', async () => {
    const root = repo({ 'vouch.yaml': manifest().replace('developer-and-distributor', 'wholesaler') });
    const r = await runCli(['assess', root, '--today', '2026-11-28']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vouch\.yaml:6:13: vendorRole: .*found "wholesaler"/);
  });
});

describe('escaping repository content', () => {
  it('keeps HTML and control characters out of markdown and text output', async () => {
    const root = repo(
      {
        'web/<img src=x onerror=alert(1)>/package.json': '{"name":"x","dependencies":{"left-pad":"^1.0.0"}}',
        'vouch.yaml': manifest().replace('name: demo', 'name: "demo\\u001b[31m<b>bold</b>"'),
      },
      true,
    );
    const md = await runCli(['assess', root, '--format', 'markdown', '--today', '2026-11-28']);
    // Every < is backslash-escaped: shown as text, never read as a tag.
    expect(md.out).not.toMatch(/(^|[^\\])<(img|b)/m);
    expect(md.out).not.toContain('\u001b');
    expect(md.out).toContain('\\<img');
    expect(md.out).not.toMatch(/&(lt|gt|amp|apos|quot);/);
    const text = await runCli(['assess', root, '--today', '2026-11-28']);
    expect(text.out).not.toContain('\u001b');
  });
});

describe('usage errors', () => {
  it('a missing repository path is a usage error with a clear message, not a crash', async () => {
    const r = await runCli(['assess', '/nonexistent/vouch-test-path']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nonexistent\/vouch-test-path: no such directory; give the folder/);
  });
});

describe('the run clock (--today)', () => {
  it('reaches the probes: a security.txt that expires between two --today values', async () => {
    const root = repo({
      'SECURITY.md': '# Security\nReport vulnerabilities to security@demo.example.\n',
      '.well-known/security.txt':
        'Contact: mailto:security@demo.example\nExpires: 2027-03-01T00:00:00.000Z\n',
    });
    const expiredRule = (r: AssessmentReport) =>
      r.findings.filter((f) => f.rule === 'security-txt-valid/expired' && f.outcome === 'fail');
    const before = await assessJson(root, ['--today', '2027-02-28']);
    const after = await assessJson(root, ['--today', '2027-03-02']);
    expect(expiredRule(before.report)).toHaveLength(0);
    expect(expiredRule(after.report)).toHaveLength(1);
    // The expired file no longer publishes the process (3.2.1); the named contact still stands (3.2.2).
    const claim = (r: AssessmentReport, id: string) => requirements(r, 'sscop').find((q) => q.id === id)!;
    expect(claim(before.report, 'sscop:3.2.1').verdict).not.toBe('not-met');
    // A low-severity finding: the published SECURITY.md still stands, so the claim drops to partial.
    expect(claim(after.report, 'sscop:3.2.1')).toMatchObject({ verdict: 'partial' });
    expect(claim(after.report, 'sscop:3.2.1').reason).toContain('security-txt-valid/expired');
    expect(claim(after.report, 'sscop:3.2.2').verdict).toBe(claim(before.report, 'sscop:3.2.2').verdict);
    expect(claim(after.report, 'sscop:3.2.2').reason).not.toContain('security-txt');
  });

  it('refuses a --today that is not a real day, before any work', async () => {
    const root = repo();
    const r = await runCli(['assess', root, '--today', '2027-13-45']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--today 2027-13-45 is not a date; give it as YYYY-MM-DD/);
  });
});
