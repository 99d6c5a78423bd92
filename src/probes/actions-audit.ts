/**
 * What every GitHub Actions audit (src/probes/gha-*) shares: it reads the Actions model the ci
 * collector built (never raw text), returns hits, and this turns them into findings with the
 * probe's metadata, spans, routes and fingerprints that ignore lines. Files the model could not
 * read are reported once, by gha-file-readable, not by every audit.
 */
import { ciFact } from '../collectors/ci/index.js';
import { hostFact } from '../collectors/host/index.js';
import type { Facts } from '../collectors/types.js';
import type { HostFacts } from '../host/types.js';
import {
  type Action,
  blockingProblem,
  buildActionsFile,
  type Env,
  type Params,
  type Span,
  type Str,
  stepsOf,
  type Workflow,
  type YValue,
} from '../models/github-actions/index.js';
import { factsFor } from './common.js';
import { finding } from './finding.js';
import { plural } from './text.js';
import type { Confidence, Finding, Location, Probe, ProbeDefinition, Severity } from './types.js';

export type ActionsFileModel = Workflow | Action;

export interface AuditHit {
  message: string;
  /** The primary place: a span (or a start) and the route of the node. */
  at: { line: number; column: number; endLine?: number; endColumn?: number; route?: string };
  /** Content key for the fingerprint: what was found, never where (job id, uses value, context). */
  key: string;
  sub?: string;
  severity?: Severity;
  confidence?: Confidence;
  remediation?: string;
  related?: Location[];
  /** The enclosing step or job, whose `# vouch: ignore[...]` comments apply to the hit. */
  scope?: Span;
  /**
   * `unknown` when the tree cannot decide (an expression whose value is not known); `observation`
   * for a hit worth showing that is no risk by itself (it keeps its severity); otherwise `fail`,
   * or `observation` for a hit of severity `info` (information, not a failure).
   */
  outcome?: 'fail' | 'unknown' | 'observation';
}

/** A hit's outcome: information (severity `info`) is an observation, never a failure. */
export function hitOutcome(hit: AuditHit): 'fail' | 'observation' | 'unknown' {
  if (hit.outcome === 'unknown' || hit.outcome === 'observation') return hit.outcome;
  return hit.severity === 'info' ? 'observation' : 'fail';
}

/** `host` is what the source host said of the repository (absent when a suite runs the audit alone). */
export type ActionsAudit = (file: ActionsFileModel, host?: HostFacts) => AuditHit[];

/** A probe over the Actions model; `auditFiles` runs it on models built elsewhere (peer suites, bench). */
export interface ActionsAuditProbe extends Probe {
  auditFiles(files: readonly ActionsFileModel[]): Finding[];
}

/** A span's start and end as a hit position (with its route). */
export function spanAt(located: { span: Span; route: string }): AuditHit['at'] {
  const { line, column, endLine, endColumn } = located.span;
  return { line, column, endLine, endColumn, route: located.route };
}

/** Every GitHub Actions file model in the ci facts, in collector order. */
export function actionsFiles(facts: Facts, definition: ProbeDefinition): ActionsFileModel[] | Finding[] {
  const got = factsFor(facts, definition, ciFact);
  if (!got.ok) return got.findings;
  return got.value.files.flatMap((f) => (f.model ? [f.model] : []));
}

export function actionsAuditProbe(
  definition: ProbeDefinition,
  audit: ActionsAudit,
): ActionsAuditProbe & { auditFiles(files: readonly ActionsFileModel[], host?: HostFacts): Finding[] } {
  const auditFiles = (files: readonly ActionsFileModel[], host?: HostFacts): Finding[] => {
    const out: Finding[] = [];
    let audited = 0;
    let undecided = false;
    for (const file of files) {
      if (blockingProblem(file)) continue;
      audited++;
      const seen = new Map<string, number>();
      for (const hit of audit(file, host)) {
        // the same content twice in one file (two identical steps) keeps two fingerprints
        const n = (seen.get(hit.key) ?? 0) + 1;
        seen.set(hit.key, n);
        const outcome = hitOutcome(hit);
        if (outcome !== 'fail' && outcome !== 'observation') undecided = true;
        const f = finding(definition, {
          outcome,
          message: hit.message,
          location: {
            path: file.path,
            ...hit.at,
            ...(hit.scope ? { scope: { line: hit.scope.line, endLine: hit.scope.endLine } } : {}),
          },
          key: n === 1 ? hit.key : `${hit.key}#${n}`,
          ...(hit.sub ? { sub: hit.sub } : {}),
          // an undecided hit weighs nothing yet: finding() gives it severity info
          ...(hit.severity && outcome !== 'unknown' ? { severity: hit.severity } : {}),
          ...(hit.confidence ? { confidence: hit.confidence } : {}),
          ...(hit.remediation ? { remediation: hit.remediation } : {}),
        });
        out.push(hit.related ? { ...f, related: hit.related } : f);
      }
    }
    // observations answer nothing: with only those (and no undecided hit) the files pass
    if (!undecided && out.every((f) => f.outcome === 'observation'))
      out.push(
        finding(definition, {
          outcome: audited > 0 ? 'pass' : 'not-applicable',
          message:
            audited > 0
              ? `nothing found in ${plural(audited, 'GitHub Actions file')}`
              : 'no readable GitHub Actions workflow or action',
          key: 'summary',
        }),
      );
    return out;
  };
  return {
    definition,
    auditFiles,
    run(facts: Facts): Finding[] {
      const files = actionsFiles(facts, definition);
      if (files.length > 0 && !('kind' in files[0]!)) return files as Finding[];
      return auditFiles(files as ActionsFileModel[], facts.get(hostFact));
    },
  };
}

/** A string scalar of the model as a string node (for positions inside it); undefined otherwise. */
export function strOf(v: YValue | undefined): Str | undefined {
  if (v?.kind !== 'scalar' || typeof v.value !== 'string') return undefined;
  return {
    value: v.value,
    span: v.span,
    route: v.route,
    ...(v.block ? { text: { ...v.block, lineMapped: v.style === 'BLOCK_LITERAL' } } : {}),
  };
}

/** Every string an expression may sit in: env values, `with:` inputs, `run:`, `if:`, reusable-call secrets. */
export function expressionStrings(file: ActionsFileModel): Str[] {
  const out: (Str | undefined)[] = [];
  const env = (e: Env | undefined) => {
    if (!e) return;
    out.push(e.expression);
    for (const entry of e.entries) out.push(strOf(entry.value));
  };
  const params = (p: Params | undefined) => {
    for (const entry of p?.entries ?? []) out.push(strOf(entry.value));
  };
  if (file.kind === 'workflow') {
    env(file.env);
    for (const job of file.jobs) {
      env(job.env);
      params(job.with);
      if (job.secrets && !job.secrets.inherit) params(job.secrets.params);
      out.push(job.if);
    }
  } else env(file.runs?.env);
  for (const { step } of stepsOf(file)) {
    env(step.env);
    params(step.with);
    out.push(step.run, step.if);
  }
  return out.filter((s): s is Str => s !== undefined && s.value.includes('${{'));
}

/** For audit tests: the findings of `probe` over one file's text (kind from its path) with `outcome`. */
export function auditText(
  probe: ActionsAuditProbe,
  path: string,
  text: string,
  outcome: Finding['outcome'] = 'fail',
): Finding[] {
  const model = buildActionsFile({ path, text }) as ActionsFileModel;
  return probe.auditFiles([model]).filter((f) => f.outcome === outcome);
}
