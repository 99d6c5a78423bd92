/**
 * One finding per secret the secrets collector found: fail for a gating rule, observation for
 * the generic rule and for matches allowed inline or by the baseline. Matches in test code,
 * fixtures, samples and docs are reported apart (their scope is in the message and the key),
 * at low confidence: such values are often fakes, but a real provider token there is still a
 * leak. Forms that tests make for themselves (rules marked testMaterial: TLS keys, JWTs signed
 * with a test key, local database URLs) are observations there: they are not the product, and
 * the tree cannot tell a test key from a live one.
 * Files that could not be scanned make one unknown finding.
 */
import { secretsFact } from '../../collectors/secrets/index.js';
import type { Facts } from '../../collectors/types.js';
import { loadSecretsFile } from '../../secrets/rules.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

/** Shipped rules whose matches outside product code are routinely test material (rules/secrets.yaml). */
let testMaterialRules: ReadonlySet<string> | undefined;
function testMaterial(): ReadonlySet<string> {
  testMaterialRules ??= new Set(
    loadSecretsFile()
      .rules.filter((r) => r.testMaterial)
      .map((r) => r.id),
  );
  return testMaterialRules;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, secretsFact);
  if (!got.ok) return got.findings;
  const scan = got.value;
  const out: Finding[] = [];
  for (const f of scan.findings) {
    const sub = f.rule.slice(f.rule.indexOf('/') + 1);
    const apart = f.scope !== 'product';
    const forTests = apart && testMaterial().has(sub);
    const failing = f.gate && !f.ignored && !forTests;
    out.push({
      ...finding(definition, {
        outcome: failing ? 'fail' : 'observation',
        sub,
        message: `${f.title} ${f.masked} committed${apart ? ` in ${f.scope} code` : ''}${forTests ? ' (a form tests make for themselves: check it is not a live credential)' : ''}${f.note ? ` (${f.note})` : ''}${f.ignored ? `; allowed (${f.ignored.by}: ${oneLine(f.ignored.reason, 120)})` : ''}`,
        location: f.location,
        key: `${f.scope}|${f.hash}`,
        ...(failing ? { severity: f.severity } : {}),
        confidence: apart ? 'low' : f.confidence,
      }),
      // One identity per (rule, path, secret hash), the same as `vouch secrets` gives.
      fingerprint: f.fingerprint,
    });
  }
  if (scan.notScanned.length > 0) {
    out.push(
      finding(definition, {
        outcome: 'unknown',
        sub: 'not-scanned',
        message: `${plural(scan.notScanned.length, 'file')} could not be scanned for secrets: ${list(
          scan.notScanned.map((n) => `${n.path} (${n.reason})`),
          3,
        )}`,
        location: { path: scan.notScanned[0]!.path },
        key: 'not-scanned',
      }),
    );
  }
  if (scan.baselineProblem) {
    out.push(
      finding(definition, {
        outcome: 'unknown',
        sub: 'baseline',
        message: `the secrets baseline could not be used: ${oneLine(scan.baselineProblem, 200)}`,
        key: 'baseline',
      }),
    );
  }
  if (!out.some((f) => f.outcome === 'fail')) {
    out.push(
      finding(definition, {
        outcome: 'pass',
        message: `${plural(scan.scanned, 'file')} scanned for secrets, none found${scan.findings.length > 0 ? ` that fails (${plural(scan.findings.length, 'match', 'matches')} allowed or not gating)` : ''}`,
        key: 'clean',
      }),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
