/**
 * A repository whose vouch.yaml and file names carry hostile strings (markup, a formula, bidi
 * controls), with a workflow that probes fail on, so that the hostile file name reaches the
 * statement as a finding location. Shared by the statement tests (CLI and browser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { runBin } from './bin.js';
import { makeRepo } from './repo.js';

export const HOSTILE_PRODUCT = 'demo <script>window.pwned=1</script>';
export const HOSTILE_VENDOR = 'Evil \u202Egnp.exe Ltd <img src=x onerror="window.pwned=2">';
export const HOSTILE_ASSESSOR = '=HYPERLINK("http://example.invalid","x")';
export const HOSTILE_WORKFLOW = '<img src=x onerror=window.pwned=3>\u202E.yml';

export function hostileRepo(): string {
  return makeRepo(
    {
      'vouch.yaml': `schemaVersion: 1
product:
  name: ${JSON.stringify(HOSTILE_PRODUCT)}
  version: "1.2.3"
vendor:
  name: ${JSON.stringify(HOSTILE_VENDOR)}
vendorRole: developer-and-distributor
assessor:
  name: ${JSON.stringify(HOSTILE_ASSESSOR)}
`,
      'package.json': JSON.stringify({ name: 'demo', version: '1.2.3' }),
      [`.github/workflows/${HOSTILE_WORKFLOW}`]: `on: [push, pull_request_target]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "\${{ github.event.pull_request.title }}"
`,
    },
    { commit: true },
  );
}

/** `vouch assess --format json` of `root`, saved to `out` and parsed. */
export function assessTo(root: string, out: string): AssessmentReport {
  const r = runBin(['assess', root, '--format', 'json', '--output', out, '--quiet', '--today', '2026-12-01']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as AssessmentReport;
}

export const reportPath = (dir: string) => join(dir, 'assessment.json');
