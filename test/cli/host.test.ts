/**
 * Host facts end to end: `vouch assess` against a local server answering as GitHub's REST API
 * documents. A repository whose policy is its organisation's default gets SSCoP 3.2 from the host;
 * without a token the same claims are unknown, never not-met.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport, RequirementResult } from '../../src/assessment/types.js';
import { acmeAnswers, type ReplayServer, startReplay } from '../../src/host/github/testing.js';
import { assessToJson } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const TOKEN = 'ghs_hostFactsEndToEnd0123456789abcdefABCD';
let server: ReplayServer;
let root: string;
beforeAll(async () => {
  server = await startReplay(TOKEN, acmeAnswers);
  root = makeRepo({ 'README.md': '# widget\n', 'src/index.js': 'export {};\n' });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function assess(args: string[]): Promise<{ report: AssessmentReport; out: string; err: string }> {
  const r = await assessToJson(root, ['--github-repo', 'acme/widget', ...args]);
  expect(r.text).not.toContain(TOKEN);
  expect(r.out + r.err).not.toContain(TOKEN);
  return r;
}

const claim = (report: AssessmentReport, id: string): RequirementResult =>
  report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements)).find((r) => r.id === id)!;

describe('host facts in vouch assess', () => {
  it("takes the organisation's default policy from the host for SSCoP 3.2", async () => {
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      const { report } = await assess(['--github-token', TOKEN, '--github-api-url', server.url]);
      for (const id of ['sscop:3.2.1', 'sscop:3.2.2']) {
        const r = claim(report, id);
        expect(['met', 'partial'], `${id}: ${r.verdict} (${r.reason})`).toContain(r.verdict);
        expect(r.basis).toBe('observed');
      }
      const present = report.findings.find((f) => f.rule === 'security-policy-present');
      expect(present).toMatchObject({ outcome: 'pass', location: { path: 'acme/.github:SECURITY.md' } });
      const contact = report.findings.find((f) => f.rule === 'security-policy-contact');
      expect(contact?.outcome).toBe('pass');
      expect(contact?.message).toMatch(/security@acme\.example|private vulnerability reporting/i);
    } finally {
      if (saved !== undefined) process.env.GITHUB_TOKEN = saved;
    }
  });

  it('without a token the same claims are unknown, with the reason', async () => {
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      const { report } = await assess([]);
      for (const id of ['sscop:3.2.1', 'sscop:3.2.2']) {
        const r = claim(report, id);
        expect(r.verdict, `${id}: ${r.reason}`).toBe('unknown');
        expect(r.reason).toMatch(/no GitHub token given/);
      }
    } finally {
      if (saved !== undefined) process.env.GITHUB_TOKEN = saved;
    }
  });

  it('--offline keeps the host out even with a token', async () => {
    const before = server.requests.length;
    const { report } = await assess(['--github-token', TOKEN, '--github-api-url', server.url, '--offline']);
    expect(server.requests.length).toBe(before);
    expect(claim(report, 'sscop:3.2.1').reason).toMatch(/the run is offline/);
  });
});
