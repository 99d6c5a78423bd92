/**
 * Tags: signed annotated, unsigned annotated, lightweight; and tags a local reflog shows moving.
 * Git keeps no reflog for tags unless configured to, so a move that happened elsewhere (a
 * force-push on the host) is only visible there; the message says when reflogs were absent.
 */
import type { Facts } from '../../collectors/types.js';
import { changeHistoryFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = changeHistoryFor(facts, definition);
  if (!got.ok) return got.findings;
  const h = got.value;
  if (h.shallow) {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Shallow clone: tags may not have been fetched (${plural(h.tags.length, 'tag')} here)`,
        key: 'shallow',
      }),
    ];
  }
  if (h.tags.length === 0)
    return [
      finding(definition, { outcome: 'not-applicable', message: 'The repository has no tags', key: 'none' }),
    ];
  const out: Finding[] = [];
  for (const t of h.tags.filter((t) => t.moves > 0)) {
    out.push(
      finding(definition, {
        outcome: 'fail',
        sub: 'moved',
        message: `Tag ${t.name} was moved to another object ${plural(t.moves, 'time')} (local reflog)`,
        key: `moved\0${t.name}`,
        severity: 'medium',
      }),
    );
  }
  const signed = h.tags.filter((t) => t.signature);
  const lightweight = h.tags.filter((t) => !t.annotated);
  const unsigned = h.tags.filter((t) => t.annotated && !t.signature);
  const reflogNote = h.tagReflogs
    ? ''
    : '; git keeps no reflog for tags here, so moves made elsewhere are not visible';
  const summary = `${signed.length} of ${plural(h.tags.length, 'tag')} signed${reflogNote}`;
  if (lightweight.length > 0 || unsigned.length > 0) {
    out.push(
      finding(definition, {
        outcome: 'fail',
        message: `${summary}: ${[
          ...(unsigned.length > 0
            ? [
                `unsigned: ${list(
                  unsigned.map((t) => t.name),
                  4,
                )}`,
              ]
            : []),
          ...(lightweight.length > 0
            ? [
                `lightweight (cannot be signed): ${list(
                  lightweight.map((t) => t.name),
                  4,
                )}`,
              ]
            : []),
        ].join('; ')}`,
        key: 'unsigned',
      }),
    );
  } else {
    out.push(finding(definition, { outcome: 'pass', message: summary, key: 'signed' }));
  }
  return out;
}

export const probe: Probe = { definition, run };
