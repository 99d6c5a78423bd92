/**
 * Reports a vendor can send (issue 10, item 6), end to end in-process: the claim-level text view,
 * --only failing, --code, every failing finding or "N more", remediations whole, Markdown with
 * claim wording, no HTML entities and no absolute paths, NO_COLOR / --no-color, and paths checked
 * before any work with messages that say what to do.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { assessToJson, runCli } from '../helpers/cli.js';
import { minimalManifest } from '../helpers/manifest.js';
import { makeRepo } from '../helpers/repo.js';

const TODAY = ['--today', '2026-11-28'];
/** Twelve expired attestations: twelve failing findings on top of the empty repository's own. */
const EXPIRED = [
  '1.1.1',
  '1.1.2',
  '1.1.3',
  '1.1.4',
  '1.1.5',
  '1.1.6',
  '1.2.1',
  '1.2.2',
  '1.2.3',
  '1.2.4',
  '1.2.5',
  '1.3.1',
];
const manifest = minimalManifest(`attestations:
${EXPIRED.map(
  (c) => `  sscop:${c}:
    status: met
    statement: We do this, with R&D's <review> step.
    owner: Jo O'Brien & <Co>
    reviewed: 2025-01-01
    expires: 2025-06-01
`,
).join('')}`);

let root: string;
let report: AssessmentReport;
const roots: string[] = [];
beforeAll(async () => {
  root = makeRepo({ 'vouch.yaml': manifest });
  roots.push(root);
  report = (await assessToJson(root, TODAY)).report;
});
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const failing = () => report.findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('text report', () => {
  it('lists the first failing findings and says how many more, never drops them silently', async () => {
    expect(failing().length).toBeGreaterThan(12);
    const r = await runCli(['assess', root, ...TODAY]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('failing findings:');
    expect(r.out).toContain(`… and ${failing().length - 10} more`);
  });

  it('--only failing lists every failing finding with its whole remediation, and only failing claims', async () => {
    const r = await runCli(['assess', root, '--only', 'failing', ...TODAY]);
    expect(r.code).toBe(0);
    for (const f of failing()) expect(r.out).toContain(f.rule);
    expect(r.out.match(/attestation-expired/g)?.length).toBe(12);
    expect(r.out).not.toContain('more (vouch assess');
    const ci = failing().find((f) => f.rule === 'ci-present')!;
    expect(flat(r.out)).toContain(flat(ci.remediation));
    // Claim lines carry a verdict; none may be met or unknown under --only failing.
    expect(r.out).not.toMatch(/^ {4}\d+\.\d+\.\d+ +(met|unknown) /m);
  });

  it('top actions keep each remediation whole (no cut mid-command)', async () => {
    const r = await runCli(['assess', root, ...TODAY]);
    for (const a of report.actions) expect(flat(r.out)).toContain(flat(a.text));
  });

  it('--claims shows every claim with its paraphrased wording, verdict and reason', async () => {
    const r = await runCli(['assess', root, '--claims', ...TODAY]);
    const claims = report.codes.find((c) => c.id === 'sscop')!.principles.flatMap((p) => p.requirements);
    expect(claims).toHaveLength(45);
    for (const c of claims) {
      expect(r.out).toMatch(new RegExp(`^ {4}${c.number.replace(/\./g, '\\.')} +${c.verdict} `, 'm'));
      expect(flat(r.out)).toContain(flat(c.title));
    }
    expect(flat(r.out)).toContain(flat(claims[0]!.reason));
  });

  it('--code shows one Code only', async () => {
    const sscop = await runCli(['assess', root, '--code', 'sscop', ...TODAY]);
    expect(sscop.out).toContain('SSCoP:');
    expect(sscop.out).not.toContain('AI CoP:');
    const aicop = await runCli(['assess', root, '--code', 'aicop', ...TODAY]);
    expect(aicop.out).toContain('AI CoP:');
    expect(aicop.out).not.toContain('SSCoP:');
    // Findings that bear only on SSCoP claims are not AI CoP's business.
    const ci = report.findings.find((f) => f.rule === 'ci-present')!;
    expect(
      report.codes[0]!.principles.some((p) =>
        p.requirements.some((q) => q.findings.includes(ci.fingerprint)),
      ),
    ).toBe(true);
    expect(sscop.out).toContain('ci-present');
    expect(aicop.out).not.toContain('ci-present');
    const bad = await runCli(['assess', root, '--code', 'iso27001']);
    expect(bad.code).toBe(2);
  });

  it('--code with --fail-on judges only that Code', async () => {
    const r = await runCli(['assess', root, '--code', 'aicop', '--fail-on', 'not-met', ...TODAY]);
    expect(r.code).toBe(0);
    const s = await runCli(['assess', root, '--code', 'sscop', '--fail-on', 'unknown', ...TODAY]);
    expect(s.code).toBe(1);
  });
});

describe('colour', () => {
  it('colours a terminal, but not under NO_COLOR or --no-color', async () => {
    const tty = await runCli(['assess', root, ...TODAY], { isTTY: true });
    expect(tty.out).toContain('\u001b[');
    const env = await runCli(['assess', root, ...TODAY], { isTTY: true, noColor: true });
    expect(env.out).not.toContain('\u001b');
    const flag = await runCli(['assess', root, '--no-color', ...TODAY], { isTTY: true });
    expect(flag.out).not.toContain('\u001b');
    const before = await runCli(['--no-color', 'assess', root, ...TODAY], { isTTY: true });
    expect(before.out).not.toContain('\u001b');
  });
});

describe('Markdown report', () => {
  it('gives each claim its wording, writes no HTML entities, and no absolute path', async () => {
    const r = await runCli(['assess', root, '--format', 'markdown', ...TODAY]);
    expect(r.code).toBe(0);
    const claim = report.codes[0]!.principles[0]!.requirements[0]!;
    expect(r.out).toContain(
      `| ${claim.number} | ${claim.title.replace(/([\\`*_{}[\]()#+!|~<>&])/g, '\\$1')} |`,
    );
    expect(r.out).not.toMatch(/&(lt|gt|amp|apos|quot|#\d+);/);
    expect(r.out).not.toContain(root);
    expect(r.out).toContain("Jo O'Brien \\& \\<Co\\>");
  });

  it('--only failing and --code narrow it too', async () => {
    const r = await runCli([
      'assess',
      root,
      '--format',
      'markdown',
      '--only',
      'failing',
      '--code',
      'sscop',
      ...TODAY,
    ]);
    expect(r.out).not.toContain('Code of Practice for the Cyber Security of AI');
    expect(r.out).not.toMatch(/^\| \d+\.\d+\.\d+ \| .* \| (met|unknown) \|/m);
  });
});

describe('paths are checked before any work, and errors say what to do (exit 2)', () => {
  it('--output into a missing folder stops at once with how to fix it', async () => {
    const out = join(root, '..', 'no-such-folder-vouch', 'report.json');
    const r = await runCli(['assess', root, '--format', 'json', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist; create it first \(mkdir -p .*no-such-folder-vouch\)/);
    expect(r.err).not.toContain('internal error');
    expect(r.out).toBe('');
  });

  it('--output naming a folder is refused', async () => {
    const r = await runCli(['assess', root, '--output', root]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a folder; name a file in it/);
  });

  it('sbom checks --output the same way', async () => {
    const r = await runCli(['sbom', root, '--output', join(root, 'missing', 'sbom.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/create it first/);
  });

  it('a file where the repository folder belongs says so, for assess, sbom and init', async () => {
    const file = join(root, 'vouch.yaml');
    for (const command of ['assess', 'sbom', 'init']) {
      const r = await runCli([command, file]);
      expect(r.code, command).toBe(2);
      expect(r.err, command).toMatch(/vouch\.yaml is a file, not a folder; give the repository's folder/);
      expect(r.err, command).not.toContain('internal error');
    }
  });

  it('a URL is not read as a local folder', async () => {
    const r = await runCli(['assess', 'https://github.com/example/repo']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a remote address; vouch reads a local checkout: git clone/);
    const ssh = await runCli(['sbom', 'git@github.com:example/repo.git']);
    expect(ssh.code).toBe(2);
    expect(ssh.err).toMatch(/remote address/);
  });

  it('a folder literally named like a URL still works (it exists locally)', async () => {
    const odd = join(root, 'x');
    mkdirSync(odd, { recursive: true });
    writeFileSync(join(odd, 'README.md'), 'hi');
    const r = await runCli(['assess', odd, '--code', 'sscop', ...TODAY]);
    expect(r.code).toBe(0);
  });
});
