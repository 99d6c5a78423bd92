/**
 * Builds findings from a probe definition, so every finding carries the probe's declared
 * severity, confidence and remediation and a fingerprint computed one way.
 */
import { createHash } from 'node:crypto';
import type { Finding, Location, Outcome, RuleDefinition } from './types.js';

/**
 * Stable across runs and line moves: rule, path and a content key chosen by the probe
 * (not the line number), hashed.
 */
export function fingerprint(rule: string, path: string | undefined, key: string | undefined): string {
  return createHash('sha256')
    .update(`${rule}\0${path ?? ''}\0${key ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

export interface FindingInput {
  outcome: Outcome;
  message: string;
  location?: Location;
  /** Content key for the fingerprint (a package name, a workflow job id ...). Defaults to the message. */
  key?: string;
  /** Sub-rule appended to the probe id: "<probe>/<sub>". */
  sub?: string;
  remediation?: string;
  severity?: Finding['severity'];
  confidence?: Finding['confidence'];
}

export function finding(def: RuleDefinition, input: FindingInput): Finding {
  const rule = input.sub ? `${def.id}/${input.sub}` : def.id;
  const failing = input.outcome === 'fail';
  return {
    rule,
    outcome: input.outcome,
    // Any other outcome is information, whatever a failure would weigh.
    severity: input.severity ?? (failing ? def.severity : 'info'),
    confidence: input.confidence ?? def.confidence,
    message: input.message,
    ...(input.location ? { location: input.location } : {}),
    remediation: input.remediation ?? def.remediation.text,
    fingerprint: fingerprint(rule, input.location?.path, input.key ?? input.message),
  };
}
