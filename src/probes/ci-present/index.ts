/**
 * Passes when a CI system's configuration is in the repository (rules/ci-systems.yaml).
 * Presence is enough here; whether the files parse matters to the probes that read them.
 */
import { ciFact } from '../../collectors/ci/index.js';
import { rules } from '../../collectors/rules.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, ciFact);
  if (!got.ok) return got.findings;
  const { systems } = got.value;
  if (systems.length === 0) {
    const known = rules().ciSystems.systems.map((s) => s.name);
    return [
      finding(definition, {
        outcome: 'fail',
        message: `No CI configuration found (looked for ${list(known, 4)})`,
        key: 'absent',
      }),
    ];
  }
  const first = systems[0]!;
  return [
    finding(definition, {
      outcome: 'pass',
      message: `CI configured: ${list(systems.map((s) => `${s.name} (${plural(s.files.length, 'file')})`))}`,
      location: { path: first.files[0]! },
      key: 'present',
    }),
  ];
}

export const probe: Probe = { definition, run };
