/**
 * The probe folders are the registry: adding a probe touches its own folder and
 * catalogue/evidence.yaml, nothing else. Shown on a copy of the tree, by running vouch from
 * source (tsx) on a repository the new probe has something to say about.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copySourceTree, hashTree } from '../../test/helpers/source-tree.js';
import type { AssessmentReport } from '../assessment/types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'vouch-probe-tree-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NEW_PROBE = {
  'src/probes/security-txt-encryption/probe.yaml': `id: security-txt-encryption
title: security.txt offers an encryption key
lifecycle: experimental
description: A finder can only report confidentially if the report can be encrypted.
facts: [security-policy]
severity: low
confidence: high
outcomes:
  pass: A security.txt has an Encryption field.
  fail: A security.txt has no Encryption field.
  not-applicable: There is no security.txt.
  error: The security-policy collector failed.
remediation:
  onOutcome: [fail]
  effort: low
  text: Add an Encryption field to security.txt pointing at your public key.
docs: README.md#probes
`,
  'src/probes/security-txt-encryption/index.ts': `import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  if (got.value.securityTxt.length === 0) {
    return [finding(definition, { outcome: 'not-applicable', message: 'no security.txt' })];
  }
  return got.value.securityTxt.map((txt) => {
    const field = txt.fields.find((f) => f.name.toLowerCase() === 'encryption');
    return finding(definition, {
      outcome: field ? 'pass' : 'fail',
      message: field ? \`\${txt.path} offers a key\` : \`\${txt.path} offers no key\`,
      location: { path: txt.path, ...(field ? { line: field.line } : {}) },
    });
  });
}

export const probe: Probe = { definition, run };
`,
};

describe('adding a probe', () => {
  it('touches only its folder and catalogue/evidence.yaml, and the probe runs and evidences its claim', () => {
    const tree = join(scratch, 'tree');
    copySourceTree(tree);
    const before = hashTree(tree);

    mkdirSync(join(tree, 'src/probes/security-txt-encryption'));
    for (const [path, text] of Object.entries(NEW_PROBE)) writeFileSync(join(tree, path), text);
    const evidencePath = join(tree, 'catalogue/evidence.yaml');
    const evidence = readFileSync(evidencePath, 'utf8');
    const line = /^(sscop:3\.2\.2:\n(?: {2}.*\n)*? {2}supporting: \[)(.*)\]/m;
    expect(evidence).toMatch(line);
    writeFileSync(evidencePath, evidence.replace(line, '$1$2, security-txt-encryption]'));

    const target = join(scratch, 'target');
    mkdirSync(join(target, '.well-known'), { recursive: true });
    writeFileSync(
      join(target, '.well-known/security.txt'),
      'Contact: mailto:security@demo.example\nEncryption: https://demo.example/key.asc\nExpires: 2099-01-01T00:00:00Z\n',
    );
    const reportPath = join(scratch, 'report.json');
    execFileSync(
      process.execPath,
      [
        join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
        'src/cli/run.ts',
        'assess',
        target,
        '--format',
        'json',
        '--output',
        reportPath,
        '--quiet',
      ],
      { cwd: tree, stdio: 'pipe', timeout: 120_000 },
    );
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as AssessmentReport;

    const found = report.findings.filter((f) => f.rule === 'security-txt-encryption');
    expect(found).toMatchObject([
      { outcome: 'pass', location: { path: '.well-known/security.txt', line: 2 } },
    ]);
    const claim = report.codes
      .flatMap((c) => c.principles.flatMap((p) => p.requirements))
      .find((r) => r.id === 'sscop:3.2.2');
    expect(claim?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'finding', rule: 'security-txt-encryption' }),
    );

    const after = hashTree(tree);
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((path) => before.get(path) !== after.get(path))
      .sort();
    expect(changed).toEqual([
      'catalogue/evidence.yaml',
      'src/probes/security-txt-encryption/index.ts',
      'src/probes/security-txt-encryption/probe.yaml',
    ]);
  }, 180_000);
});
