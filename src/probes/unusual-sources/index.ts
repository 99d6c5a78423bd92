/**
 * Information (outcome `observation`): one finding per component occurrence whose
 * source is a git repository, a URL or a local path, at the file and line declaring it. Workspace
 * members (the repository's own packages) are not listed.
 */
import { compositionFact } from '../../collectors/composition/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const describeKind = { git: 'a git repository', url: 'a URL', path: 'a local path' } as const;

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, compositionFact);
  if (!got.ok) return got.findings;
  const out: Finding[] = [];
  let total = 0;
  for (const r of got.value.results) {
    for (const c of r.components) {
      total++;
      if (c.source !== 'git' && c.source !== 'url' && c.source !== 'path') continue;
      // An action's repository is where GitHub Actions are published: that is its registry.
      if (c.ecosystem === 'github-actions' && c.source === 'git') continue;
      const from = c.sourceRef ? ` ${oneLine(c.sourceRef, 120)}` : '';
      const pin =
        c.source === 'git'
          ? c.commit
            ? ` at commit ${oneLine(c.commit, 40)}`
            : ', not pinned to a commit'
          : '';
      out.push(
        finding(definition, {
          outcome: 'observation',
          sub: c.source,
          message: `Information: ${oneLine(c.name, 100)}${c.version ? `@${oneLine(c.version, 40)}` : ''} comes from ${describeKind[c.source]}${from}${pin}`,
          location: { path: c.location.path, ...(c.location.line ? { line: c.location.line } : {}) },
          key: `${c.ecosystem}:${c.name}:${c.sourceRef ?? ''}`,
        }),
      );
    }
  }
  if (out.length > 0) return out;
  if (total === 0) {
    return [finding(definition, { outcome: 'not-applicable', message: 'No components found', key: 'none' })];
  }
  return [
    finding(definition, {
      outcome: 'pass',
      message: `All ${plural(total, 'component')} come from their ecosystem's registry (or the repository's own workspace)`,
      key: 'all-registry',
    }),
  ];
}

export const probe: Probe = { definition, run };
