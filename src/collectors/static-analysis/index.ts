/**
 * Static analysis and other security scanners, found with rules/static-analysis-tools.yaml in the
 * CI facts (actions, tasks, templates, commands) and in configuration files. Each tool keeps its
 * `kind`, so SAST is never confused with dependency (SCA), secret or IaC scanning.
 */
import type { Inventory } from '../../inventory/types.js';
import { lineStarts, positionAt } from '../../util/position.js';
import { type CiFacts, ciFact, findCommand, usesMatches } from '../ci/index.js';
import { ruleRegex, rules, type StaticAnalysisKind, type StaticAnalysisToolRule } from '../rules.js';
import { type Collector, defineFact } from '../types.js';
import { filesMatching, MAX_CONFIG_BYTES, readBounded } from '../util.js';

export interface AnalysisDetection {
  via: 'ci-uses' | 'ci-command' | 'config';
  path: string;
  line?: number;
  column?: number;
  /** The reference, the command text or the configuration file. */
  evidence: string;
}

export interface DetectedTool {
  id: string;
  name: string;
  kind: StaticAnalysisKind;
  /** Seen running in CI (with its configuration when the rule needs one). */
  inCi: boolean;
  /** A configuration file for it exists (containing what the rule asks for). */
  configured: boolean;
  /** It can run as a hosted service outside the repository's CI. */
  service: boolean;
  detections: AnalysisDetection[];
}

export interface StaticAnalysisFacts {
  tools: DetectedTool[];
  /** CI files present. */
  ciFiles: number;
  /** CI files that could not be parsed: a tool run there would not be seen. */
  ciUnparsed: { path: string; error: string }[];
}

/** Configuration files read per tool when the rule looks inside them. */
const MAX_CONFIG_FILES_PER_TOOL = 200;

/** `owner/repo/.github/workflows/<file>@ref`: group 1 is the file name. */
const REMOTE_REUSABLE_WORKFLOW = /^[\w.-]+\/[\w.-]+\/\.github\/workflows\/([^/@]+)@\S+$/;

function ciDetections(ci: CiFacts, rule: StaticAnalysisToolRule): AnalysisDetection[] {
  const out: AnalysisDetection[] = [];
  for (const file of ci.files) {
    for (const u of file.uses) {
      if (rule.actions?.some((a) => usesMatches(u, a))) {
        out.push({ via: 'ci-uses', path: file.path, line: u.line, column: u.column, evidence: u.ref });
        break;
      }
    }
  }
  if (rule.reusableWorkflows) {
    const named = ruleRegex(rule.reusableWorkflows);
    for (const file of ci.files) {
      const u = file.uses.find((x) => {
        const m = REMOTE_REUSABLE_WORKFLOW.exec(x.ref.trim());
        return m !== null && named.test(m[1]!);
      });
      if (u) out.push({ via: 'ci-uses', path: file.path, line: u.line, column: u.column, evidence: u.ref });
    }
  }
  for (const source of rule.commands ?? []) {
    const m = findCommand(ci.files, ruleRegex(source));
    if (m)
      out.push({ via: 'ci-command', path: m.file.path, line: m.line, column: m.column, evidence: m.text });
  }
  return out;
}

async function configDetections(
  inventory: Inventory,
  rule: StaticAnalysisToolRule,
): Promise<AnalysisDetection[]> {
  if (!rule.configFiles?.length) return [];
  const files = filesMatching(inventory, rule.configFiles, { outOfScopeFor: 'configuration' });
  const out: AnalysisDetection[] = [];
  if (!rule.configContains) {
    for (const f of files) out.push({ via: 'config', path: f.path, evidence: f.path });
    return out;
  }
  const re = ruleRegex(rule.configContains);
  for (const f of files.slice(0, MAX_CONFIG_FILES_PER_TOOL)) {
    const read = await readBounded(inventory, f.path, MAX_CONFIG_BYTES, 'refuse');
    if ('error' in read) continue;
    const m = re.exec(read.text);
    if (m)
      out.push({
        via: 'config',
        path: f.path,
        ...positionAt(lineStarts(read.text), m.index),
        evidence: m[0],
      });
  }
  return out;
}

async function collectStaticAnalysis(inventory: Inventory, ci: CiFacts): Promise<StaticAnalysisFacts> {
  const tools: DetectedTool[] = [];
  for (const rule of rules().staticAnalysisTools.tools) {
    const fromCi = ciDetections(ci, rule);
    const fromConfig = await configDetections(inventory, rule);
    const configured = fromConfig.length > 0;
    const inCi = fromCi.length > 0 && (!rule.needsConfig || configured);
    // A CI signal that needs a config (running ESLint) says nothing about security on its own.
    if (!inCi && !configured) continue;
    tools.push({
      id: rule.id,
      name: rule.name,
      kind: rule.kind,
      inCi,
      configured,
      service: rule.service ?? false,
      detections: [...(inCi ? fromCi : []), ...fromConfig],
    });
  }
  return {
    tools,
    ciFiles: ci.files.length,
    ciUnparsed: ci.files
      .filter((f) => !f.parsed)
      .map((f) => ({ path: f.path, error: f.error ?? 'not parsed' })),
  };
}

export const staticAnalysisFact = defineFact<StaticAnalysisFacts>('static-analysis');

export const staticAnalysisCollector: Collector<StaticAnalysisFacts> = {
  fact: staticAnalysisFact,
  needs: [ciFact],
  collect: async ({ inventory, need }) => collectStaticAnalysis(inventory, await need(ciFact)),
};
