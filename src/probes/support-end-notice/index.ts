/**
 * SSCoP 4.2: each declared end of support, announced at least twelve months ahead. The arithmetic
 * lives in src/support/notice.ts; this probe only says what each result means.
 */
import {
  addMonths,
  END_LABEL,
  type EndNotice,
  REQUIRED_NOTICE_MONTHS,
  supportNotices,
} from '../../support/notice.js';
import { declaredSupport } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Location, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function noticeFinding(n: EndNotice, location: Location): Finding {
  const what = `${oneLine(n.line, 40)} ${END_LABEL[n.kind]}`;
  const key = `${n.line}|${n.kind}`;
  const field = `support.lines[${n.lineIndex}].${n.kind}`;
  switch (n.status) {
    case 'sufficient':
      return finding(definition, {
        outcome: 'pass',
        message: `${what} ${n.date} was announced on ${n.announced}: ${n.noticeDays} days' notice (at least ${REQUIRED_NOTICE_MONTHS} months)`,
        location,
        key,
      });
    case 'short':
      return finding(definition, {
        outcome: 'fail',
        message: `${what} ${n.date} was announced on ${n.announced}: only ${n.noticeDays} days' notice; ${REQUIRED_NOTICE_MONTHS} months needs an announcement by ${n.announceBy}`,
        location,
        key,
        remediation: `Keep ${oneLine(n.line, 40)} supported until at least ${addMonths(n.announced ?? n.date ?? '', REQUIRED_NOTICE_MONTHS)}, or tell customers why the shorter notice was unavoidable and attest it.`,
      });
    case 'unrecorded':
      return finding(definition, {
        outcome: 'unknown',
        message: `${what} ${n.date}: when it was announced is not recorded, so the notice given cannot be computed (it needed an announcement by ${n.announceBy})`,
        location,
        key,
        remediation: `Record the date customers were told in ${field}.announced.`,
      });
    case 'to-be-announced':
      return finding(definition, {
        outcome: 'observation',
        message: `${what} is to be announced; when it is set, announce it at least ${REQUIRED_NOTICE_MONTHS} months ahead and record the date`,
        location,
        key,
      });
  }
}

export const probe: Probe = {
  definition,
  run(facts) {
    const declared = declaredSupport(facts, definition, 'The notice before support ends', 'sscop:4.2.1');
    if (!declared.ok) return declared.findings;
    const notices = supportNotices(declared.support);
    const out = notices.map((n) => noticeFinding(n, declared.lineLocation(n.lineIndex)));
    declared.support.lines.forEach((line, i) => {
      if (!line.securitySupport && !line.endOfLife)
        out.push(
          finding(definition, {
            outcome: 'observation',
            message: `${oneLine(line.line, 40)} declares no end of security support or end of life`,
            location: declared.lineLocation(i),
            key: `${line.line}|none`,
          }),
        );
    });
    return out;
  },
};
