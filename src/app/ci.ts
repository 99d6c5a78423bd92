/**
 * `vouch ci`: the GitHub Actions audits (src/probes/gha-*) over one repository, as a CI gate.
 * Findings are those of `vouch assess`, with vouch.yaml and inline suppressions applied; the gate
 * fails when an unsuppressed finding at or above both thresholds remains.
 */
import { applyInlineSuppressions, applySuppressions } from '../assessment/suppressions.js';
import { actionAdvisoriesCollector } from '../collectors/action-advisories/index.js';
import { ciCollector } from '../collectors/ci/index.js';
import { manifestCollector, manifestFact } from '../collectors/manifest/index.js';
import { collectFacts, defaultRunContext } from '../collectors/run.js';
import type { RunContext } from '../collectors/types.js';
import { renderSarif } from '../formats/sarif/index.js';
import { buildInventory } from '../inventory/walk.js';
import { MANIFEST_FILE } from '../manifest/load.js';
import { probes } from '../probes/index.js';
import { oneLine } from '../probes/text.js';
import type { Confidence, Finding, Severity } from '../probes/types.js';
import { toSafeJson } from '../util/text.js';
import { VERSION } from '../version.js';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];
export const CI_SCHEMA_VERSION = '1.1.0';

export interface CiAuditOptions {
  minSeverity?: Severity;
  minConfidence?: Confidence;
  run?: RunContext;
}

export interface CiAuditResult {
  schemaVersion: string;
  tool: { name: 'vouch'; version: string };
  root: string;
  /** GitHub Actions files seen (read or not). */
  files: number;
  gate: { minSeverity: Severity; minConfidence: Confidence; blocking: number };
  /** Failing and error findings, suppressed ones marked; passes are left out. */
  findings: Finding[];
  /**
   * What the tree cannot decide (`unknown`: an expression's value, a host fact, an action's
   * version): never gating, listed so a reader knows what was not judged.
   */
  undecided: Finding[];
  /** 0 nothing at or above the thresholds; 1 something is. */
  exitCode: 0 | 1;
}

/** True when a finding is at or above both thresholds. */
export function atOrAbove(
  f: Pick<Finding, 'severity' | 'confidence'>,
  minSeverity: Severity,
  minConfidence: Confidence,
): boolean {
  return (
    SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(minSeverity) &&
    CONFIDENCES.indexOf(f.confidence) >= CONFIDENCES.indexOf(minConfidence)
  );
}

export const auditProbes = () => probes.filter((p) => p.definition.id.startsWith('gha-'));

export async function auditCi(root: string, options: CiAuditOptions = {}): Promise<CiAuditResult> {
  const run = options.run ?? defaultRunContext();
  const minSeverity = options.minSeverity ?? 'low';
  const minConfidence = options.minConfidence ?? 'low';
  const inventory = await buildInventory(root);
  const facts = await collectFacts(inventory, [ciCollector, manifestCollector, actionAdvisoriesCollector], {
    run,
  });
  const manifest = facts.get(manifestFact);
  const all = auditProbes().flatMap((p) => p.run(facts));
  let findings = all.filter((f) => f.outcome === 'fail' || f.outcome === 'error');
  const undecided = all.filter((f) => f.outcome === 'unknown');
  findings = await applyInlineSuppressions(findings, async (path) =>
    inventory.has(path) ? inventory.readText(path).catch(() => undefined) : undefined,
  );
  findings = applySuppressions(
    findings,
    manifest?.manifest?.suppressions ?? [],
    run.today,
    MANIFEST_FILE,
    manifest?.positions ?? new Map(),
  );
  const blocking = findings.filter((f) => !f.suppressed && atOrAbove(f, minSeverity, minConfidence)).length;
  const ci = facts.get(ciCollector.fact);
  return {
    schemaVersion: CI_SCHEMA_VERSION,
    tool: { name: 'vouch', version: VERSION },
    root: inventory.root,
    files: ci?.files.filter((f) => f.system === 'github-actions').length ?? 0,
    gate: { minSeverity, minConfidence, blocking },
    findings,
    undecided,
    exitCode: blocking > 0 ? 1 : 0,
  };
}

/** path:line:column of a finding, or "-". */
function placeOf(f: Finding): string {
  const loc = f.location;
  return loc ? `${oneLine(loc.path)}${loc.line ? `:${loc.line}:${loc.column ?? 1}` : ''}` : '-';
}

export function renderCiText(r: CiAuditResult): string {
  const lines = r.findings.map((f) => {
    const where = placeOf(f);
    const mark = f.suppressed ? ` [suppressed: ${oneLine(f.suppressed.reason, 80)}]` : '';
    return `${where}: ${f.severity} ${f.rule} (confidence ${f.confidence}): ${oneLine(f.message, 200)}${mark}`;
  });
  for (const f of r.undecided) lines.push(`${placeOf(f)}: unknown ${f.rule}: ${oneLine(f.message, 200)}`);
  const shown = r.findings.filter((f) => !f.suppressed).length;
  lines.push(
    `${r.files} GitHub Actions files; ${shown} findings (${r.findings.length - shown} suppressed); ${r.gate.blocking} at or above severity ${r.gate.minSeverity} and confidence ${r.gate.minConfidence}${r.undecided.length > 0 ? `; ${r.undecided.length} not decided from the tree (not gating)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderCiJson(r: CiAuditResult): string {
  return `${toSafeJson(r, 2)}\n`;
}

export function renderCiSarif(r: CiAuditResult): string {
  return renderSarif({
    rules: auditProbes().map((p) => p.definition),
    findings: r.findings,
    outcomes: ['fail', 'error'],
    automationId: 'vouch/ci/',
  });
}
