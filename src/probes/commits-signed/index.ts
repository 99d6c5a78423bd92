/**
 * The signed share of the last N commits, with the signers seen. Without an allowed-signers file
 * a signature is only seen, not verified, and the message says so; OpenPGP and X.509 signatures
 * are never verified here.
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
  const n = h.commits.length;
  const signed = h.commits.filter((c) => c.signature);
  const bad = signed.filter(
    (c) => c.signature!.status === 'invalid' || c.signature!.status === 'unknown-key',
  );
  const verified = signed.filter((c) => c.signature!.status === 'valid');
  const signers = [
    ...new Set(
      signed.map(
        (c) => c.signature!.principals ?? c.signature!.signer ?? `${c.signature!.kind} (signer unreadable)`,
      ),
    ),
  ];
  const checked = h.allowedSigners
    ? `${verified.length} verified with ${h.allowedSigners.path}`
    : 'none verified (no allowed-signers file given; OpenPGP signatures are never verified here)';
  const share = `${signed.length} of the last ${plural(n, 'commit')} signed${signers.length > 0 ? ` by ${list(signers, 4)}` : ''}; ${checked}`;
  if (h.shallow && n < h.window) {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Shallow clone: only ${plural(n, 'commit')} of the ${h.window}-commit window are here (${share})`,
        key: 'shallow',
      }),
    ];
  }
  if (n === 0)
    return [finding(definition, { outcome: 'unknown', message: 'No commits to read', key: 'empty' })];
  const unsigned = h.commits.filter((c) => !c.signature);
  if (unsigned.length > 0 || bad.length > 0) {
    const parts = [
      ...(unsigned.length > 0
        ? [`${plural(unsigned.length, 'commit')} unsigned (first ${unsigned[0]!.sha.slice(0, 12)})`]
        : []),
      ...(bad.length > 0
        ? [
            `${plural(bad.length, 'signature')} ${h.allowedSigners ? 'invalid or by a key the allowed signers do not list' : 'invalid'} (first ${bad[0]!.sha.slice(0, 12)})`,
          ]
        : []),
    ];
    return [
      finding(definition, { outcome: 'fail', message: `${share}: ${parts.join('; ')}`, key: 'unsigned' }),
    ];
  }
  return [finding(definition, { outcome: 'pass', message: share, key: 'signed' })];
}

export const probe: Probe = { definition, run };
