import { describe, expect, it } from 'vitest';
import type { Finding } from '../probes/types.js';
import type { ProductRepository } from '../repository/product-repositories.js';
import { combineFindings, labelFindings } from './product.js';

const web: ProductRepository = { name: 'web', root: '/x/web', primary: true, declared: { path: '.' } };
const api: ProductRepository = { name: 'api', root: '/x/api', primary: false, declared: { path: '../api' } };

const f = (rule: string, outcome: Finding['outcome'], path?: string): Finding => ({
  rule,
  outcome,
  severity: outcome === 'fail' ? 'medium' : 'info',
  confidence: 'high',
  message: `${rule} ${outcome}`,
  ...(path ? { location: { path, line: 1 } } : {}),
  remediation: 'fix it',
  fingerprint: '0123456789abcdef',
});

const definitions = [
  { id: 'policy', combine: 'any-repository' as const },
  { id: 'tests' }, // every-repository by default
];

function outcomes(findings: Finding[]) {
  return findings.map((x) => [x.rule, x.repository, x.outcome, x.location?.path]);
}

describe('a product of several repositories', () => {
  it('labels findings: the primary keeps its paths, the others are prefixed and fingerprinted apart', () => {
    const [own] = labelFindings([f('tests', 'pass', 'ci.yml')], web);
    const [other] = labelFindings([f('tests', 'pass', 'ci.yml')], api);
    const [unplaced] = labelFindings([f('tests', 'unknown')], api);
    expect(own).toMatchObject({
      repository: 'web',
      location: { path: 'ci.yml' },
      fingerprint: '0123456789abcdef',
    });
    expect(other).toMatchObject({ repository: 'api', location: { path: 'api/ci.yml' } });
    expect(other!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(other!.fingerprint).not.toBe(own!.fingerprint);
    expect(unplaced!.message).toBe('api: tests unknown');
  });

  it('a product-wide fact is served by one repository; a per-repository fact needs every one', () => {
    const combined = combineFindings(
      [
        {
          repository: web,
          findings: labelFindings([f('policy', 'unknown'), f('tests', 'pass', 'ci.yml')], web),
        },
        {
          repository: api,
          findings: labelFindings([f('policy', 'pass', 'SECURITY.md'), f('tests', 'fail', 'ci.yml')], api),
        },
      ],
      definitions,
    );
    expect(outcomes(combined)).toEqual([
      ['policy', 'web', 'observation', undefined],
      ['tests', 'web', 'pass', 'ci.yml'],
      ['policy', 'api', 'pass', 'api/SECURITY.md'],
      ['tests', 'api', 'fail', 'api/ci.yml'],
    ]);
    expect(combined[0]!.message).toMatch(/repository api shows it for the product/);
  });

  it('a product-wide failure stands only when no repository can still show it', () => {
    const bothFail = combineFindings(
      [
        { repository: web, findings: [f('policy', 'fail')] },
        { repository: api, findings: [f('policy', 'fail')] },
      ],
      definitions,
    );
    expect(bothFail.map((x) => x.outcome)).toEqual(['fail', 'fail']);
    const oneUnseen = combineFindings(
      [
        { repository: web, findings: [f('policy', 'fail')] },
        { repository: api, findings: [f('policy', 'unknown')] },
      ],
      definitions,
    );
    expect(oneUnseen.map((x) => x.outcome)).toEqual(['observation', 'unknown']);
    expect(oneUnseen[0]!.message).toMatch(/while api cannot be seen/);
    // Per repository: an unknown anywhere stays, so the product cannot pass on it.
    const perRepository = combineFindings(
      [
        { repository: web, findings: [f('tests', 'pass')] },
        { repository: api, findings: [f('tests', 'unknown')] },
      ],
      definitions,
    );
    expect(perRepository.map((x) => x.outcome)).toEqual(['pass', 'unknown']);
  });
});
