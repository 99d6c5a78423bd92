/**
 * Probes turn collected facts into findings with a neutral outcome. Judging what a finding means
 * for a claim is the assessment's job, not the probe's.
 */
import type { Facts } from '../collectors/types.js';

/**
 * `observation` is information worth reading that answers no claim either way (a copyleft
 * component, a git dependency): it neither passes nor fails anything.
 */
export const OUTCOMES = ['pass', 'fail', 'observation', 'not-applicable', 'unknown', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type Confidence = 'low' | 'medium' | 'high';

export interface Location {
  path: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** Where the located text ends (column just after its last character, as in SARIF). */
  endLine?: number;
  endColumn?: number;
  /** Symbolic route inside a structured file, such as `jobs.build.steps[2].run`. */
  route?: string;
  /** Lines of the block the finding lies in (a workflow step): an inline suppression there applies. */
  scope?: { line: number; endLine: number };
}

export interface Finding {
  /** Stable rule id: the probe id, or "<probe>/<sub-rule>". */
  rule: string;
  outcome: Outcome;
  severity: Severity;
  confidence: Confidence;
  /** One line saying what was seen. May quote repository content: escape it on output. */
  message: string;
  location?: Location;
  /** Further places the finding involves (the trigger that exposes a step, the other copy ...). */
  related?: Location[];
  remediation: string;
  /** Stable across runs and line moves: hash of rule, path and a content key. */
  fingerprint: string;
  /**
   * The repository it comes from, when vouch.yaml lists several (`repositories:`); the paths of
   * every repository but the one holding vouch.yaml start with this name.
   */
  repository?: string;
  /** Set by the assessment when a suppression in vouch.yaml matched. */
  suppressed?: { reason: string; expires?: string };
}

/** What every source of findings declares: a probe (probe.yaml) or a vouch.yaml rule. */
export interface RuleDefinition {
  id: string;
  title: string;
  /** Why this matters, in a sentence or two. */
  description: string;
  /** Severity of a failing outcome. */
  severity: Severity;
  confidence: Confidence;
  remediation: { text: string };
}

/** A probe's probe.yaml, validated at build time (src/probes/schema.ts). */
export interface ProbeDefinition extends RuleDefinition {
  lifecycle: 'experimental' | 'stable' | 'deprecated';
  /** Fact ids (collector ids) the probe reads. */
  facts: string[];
  /** What each outcome the probe can produce means for it. */
  outcomes: Partial<Record<Outcome, string>>;
  remediation: { text: string; effort: 'low' | 'medium' | 'high'; onOutcome: Outcome[] };
  /** Where the documentation says more: a repository path with an anchor. */
  docs: string;
  /**
   * Across a product's repositories: `every-repository` (the default) when each repository must
   * show the fact, `any-repository` when one showing it serves the product (src/app/product.ts).
   */
  combine?: 'every-repository' | 'any-repository';
}

export interface Probe {
  definition: ProbeDefinition;
  run(facts: Facts): Finding[];
}
