/**
 * SARIF 2.1.0, the one writer for every command that emits findings (assess, models scan, and
 * each later audit). Findings keep their own fingerprint (rule, path and a content key, never the
 * line), so code-scanning history follows a finding when lines are inserted above it.
 * Paths stay relative to the assessed root (uriBaseId SRCROOT): no local absolute path leaves.
 */
import type { Finding, Outcome, RuleDefinition, Severity } from '../../probes/types.js';
import { toSafeJson } from '../../util/text.js';
import { VERSION } from '../../version.js';

/** What a SARIF result is made from: a Finding, or a scanner result shaped like one. */
export type SarifFinding = Pick<
  Finding,
  | 'rule'
  | 'outcome'
  | 'severity'
  | 'confidence'
  | 'message'
  | 'location'
  | 'related'
  | 'remediation'
  | 'fingerprint'
  | 'suppressed'
> & {
  /** A byte offset in a binary file, where lines mean nothing (a pickle opcode). */
  byteOffset?: number;
  /** Extra facts for the result's property bag (already safe to print: JSON-escaped on output). */
  properties?: Record<string, unknown>;
};

export interface SarifInput {
  /** Definitions of the rules findings may name; a finding's rule `a/b` is described by `a`. */
  rules: readonly RuleDefinition[];
  findings: readonly SarifFinding[];
  /** Outcomes that become results. Default: failures only, the only ones a gate acts on. */
  outcomes?: readonly Outcome[];
  /** run.automationDetails.id, e.g. `vouch/assess/`: tells runs of different commands apart. */
  automationId?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security results by this number (its documented bands). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const KIND: Record<Outcome, string> = {
  fail: 'fail',
  pass: 'pass',
  observation: 'informational',
  'not-applicable': 'notApplicable',
  unknown: 'review',
  error: 'review',
};

/** The key a result's fingerprint is stored under; versioned so that a change of scheme is visible. */
export const FINGERPRINT_KEY = 'vouchFingerprint/v1';

/** A repository-relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(path: string): string {
  return path
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function physicalLocation(loc: NonNullable<Finding['location']>, byteOffset?: number) {
  const region: Record<string, number> = {};
  if (loc.line !== undefined && loc.line > 0) {
    region.startLine = loc.line;
    if (loc.column !== undefined && loc.column > 0) region.startColumn = loc.column;
    if (loc.endLine !== undefined && loc.endLine >= loc.line) region.endLine = loc.endLine;
    if (loc.endColumn !== undefined && loc.endColumn > 0) region.endColumn = loc.endColumn;
  } else if (byteOffset !== undefined && byteOffset >= 0) {
    region.byteOffset = byteOffset;
    region.byteLength = 1;
  }
  return {
    artifactLocation: { uri: pathToUri(loc.path), uriBaseId: 'SRCROOT' },
    ...(Object.keys(region).length > 0 ? { region } : {}),
  };
}

function location(loc: NonNullable<Finding['location']>, byteOffset?: number, id?: number) {
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: physicalLocation(loc, byteOffset),
    ...(loc.route ? { logicalLocations: [{ fullyQualifiedName: loc.route, kind: 'member' }] } : {}),
  };
}

function baseRule(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(0, slash);
}

function descriptor(ruleId: string, def: RuleDefinition | undefined, sample: SarifFinding) {
  const severity = def?.severity ?? sample.severity;
  return {
    id: ruleId,
    ...(def ? { name: def.id } : {}),
    shortDescription: { text: def?.title ?? ruleId },
    fullDescription: { text: def?.description ?? sample.message },
    help: { text: def?.remediation.text ?? sample.remediation },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security'],
      precision: (def?.confidence ?? sample.confidence) === 'high' ? 'high' : 'medium',
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

/** The SARIF log for these findings, as a plain object (validate with ./validate.ts in tests). */
export function buildSarif(input: SarifInput): Record<string, unknown> {
  const outcomes = new Set<Outcome>(input.outcomes ?? ['fail']);
  const defs = new Map(input.rules.map((r) => [r.id, r]));
  const selected = input.findings
    .filter((f) => outcomes.has(f.outcome))
    .slice()
    .sort(
      (a, b) =>
        a.rule.localeCompare(b.rule) ||
        (a.location?.path ?? '').localeCompare(b.location?.path ?? '') ||
        (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
  const ruleIndex = new Map<string, number>();
  const rules: ReturnType<typeof descriptor>[] = [];
  for (const f of selected) {
    if (ruleIndex.has(f.rule)) continue;
    ruleIndex.set(f.rule, rules.length);
    rules.push(descriptor(f.rule, defs.get(f.rule) ?? defs.get(baseRule(f.rule)), f));
  }
  const results = selected.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule),
    kind: KIND[f.outcome],
    // SARIF allows a level only on kind "fail"; other kinds carry "none".
    level: f.outcome === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.message },
    ...(f.location ? { locations: [location(f.location, f.byteOffset)] } : {}),
    ...(f.related?.length
      ? { relatedLocations: f.related.map((loc, i) => location(loc, undefined, i + 1)) }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: f.suppressed.reason,
              ...(f.suppressed.expires ? { properties: { expires: f.suppressed.expires } } : {}),
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      remediation: f.remediation,
      ...(f.properties ?? {}),
    },
  }));
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vouch',
            version: VERSION,
            semanticVersion: VERSION,
            rules,
          },
        },
        ...(input.automationId ? { automationDetails: { id: input.automationId } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF as text: JSON with every unsafe character escaped (the one sanitiser). */
export function renderSarif(input: SarifInput): string {
  return `${toSafeJson(buildSarif(input), 2)}\n`;
}
