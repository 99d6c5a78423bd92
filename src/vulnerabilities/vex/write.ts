/** OpenVEX 0.2.0 and CycloneDX 1.6 VEX written from findings and the statements that apply. */
import { createHash } from 'node:crypto';
import type { VulnerabilityMatch } from '../scan.js';
import type { VexOutcome } from './model.js';
import { CDX_JUSTIFICATION_OF, CDX_STATE_OF } from './read.js';

export function writeOpenVex(
  outcome: VexOutcome,
  opts: { author: string; timestamp: string },
): Record<string, unknown> {
  const statements: Record<string, unknown>[] = [];
  const statementOf = (m: VulnerabilityMatch, status: string, extra: Record<string, unknown>) => ({
    vulnerability: { name: m.id, ...(m.aliases.length ? { aliases: m.aliases } : {}) },
    products: [{ '@id': m.purl }],
    status,
    ...extra,
  });
  for (const m of outcome.active)
    statements.push(
      statementOf(m, 'affected', {
        action_statement: m.fix ? `Upgrade ${m.component.name} to ${m.fix}` : 'No fixed version is known',
      }),
    );
  for (const { match, by } of outcome.suppressed)
    statements.push(
      statementOf(match, by.status, {
        ...(by.justification ? { justification: by.justification } : {}),
        ...(by.impact ? { impact_statement: by.impact } : {}),
      }),
    );
  const body = JSON.stringify(statements);
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://openvex.dev/docs/public/vex-${createHash('sha256').update(body).digest('hex')}`,
    author: opts.author,
    timestamp: opts.timestamp,
    version: 1,
    statements,
  };
}

export function writeCycloneDxVex(outcome: VexOutcome): Record<string, unknown> {
  const vulnerabilities = [
    ...outcome.active.map((m) => ({ m, state: 'exploitable', by: undefined })),
    ...outcome.suppressed.map(({ match, by }) => ({ m: match, state: CDX_STATE_OF[by.status], by })),
  ].map(({ m, state, by }) => ({
    id: m.id,
    ...(m.aliases.length ? { references: m.aliases.map((id) => ({ id, source: { name: 'OSV' } })) } : {}),
    analysis: {
      state,
      ...(by?.justification ? { justification: CDX_JUSTIFICATION_OF[by.justification] } : {}),
      ...(by?.impact ? { detail: by.impact } : {}),
    },
    affects: [{ ref: m.purl }],
  }));
  return { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, vulnerabilities };
}
