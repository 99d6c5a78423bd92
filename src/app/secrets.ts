/**
 * `vouch secrets`: the use case (walk, scan, allow comments, baseline) and its renderings (text,
 * JSON, SARIF 2.1.0). Returns data; the CLI prints it. No output carries a secret's value: the
 * findings hold only its masked form (src/secrets/mask.ts), and paths and messages go through
 * the one sanitiser.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { renderSarif, type SarifFinding } from '../formats/sarif/index.js';
import { buildInventory } from '../inventory/walk.js';
import { loadManifestFromInventory } from '../manifest/load.js';
import type { RuleDefinition } from '../probes/types.js';
import {
  BASELINE_VERSION,
  MAX_BASELINE_BYTES,
  parseBaseline,
  type SecretsBaseline,
} from '../secrets/baseline.js';
import { loadSecretsFile } from '../secrets/rules.js';
import {
  SECRETS_RULE_PREFIX,
  type SecretFinding,
  scanInventory,
  type TreeScanResult,
} from '../secrets/tree.js';
import { oneLine, toSafeJson } from '../util/text.js';
import { VERSION } from '../version.js';

export type SecretsFormat = 'text' | 'json' | 'sarif';
export const SECRETS_FORMATS: readonly SecretsFormat[] = ['text', 'json', 'sarif'];
export const SECRETS_JSON_VERSION = '1';

export interface SecretsReport {
  schemaVersion: typeof SECRETS_JSON_VERSION;
  tool: { name: 'vouch'; version: string };
  summary: {
    files: number;
    scanned: number;
    bytes: number;
    skipped: TreeScanResult['skipped'];
    notScanned: number;
    findings: number;
    /** Findings that fail the gate: gating rules, not allowed inline, not in the baseline. */
    failing: number;
    ignored: number;
  };
  findings: SecretFinding[];
  notScanned: TreeScanResult['notScanned'];
  /** With --history: what of git history was scanned (its findings carry `commit`). */
  history?: { commits: number; blobs: number; scanned: number; notes: string[] };
}

export interface SecretsScanOptions {
  /** Baseline file (relative to the repository root, or absolute); vouch.yaml's `secrets.baseline` otherwise. */
  baseline?: string;
  /** Scan vendored folders too. */
  vendored?: boolean;
  /** Also scan every blob git history added (each once). */
  history?: boolean;
}

async function readBaseline(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8');
  if (text.length > MAX_BASELINE_BYTES)
    throw new Error(`baseline ${oneLine(file)} is over ${MAX_BASELINE_BYTES} bytes`);
  return parseBaseline(text, oneLine(file));
}

/** Walks `root` once and scans it; vouch.yaml's `secrets` section adds, disables and allows. */
export async function secretsScan(root: string, options: SecretsScanOptions = {}): Promise<SecretsReport> {
  const inventory = await buildInventory(root, { readGit: 'if-needed' });
  const manifest = await loadManifestFromInventory(inventory);
  const config = manifest.manifest?.secrets;
  const baselineFile = options.baseline ?? config?.baseline;
  const baseline = baselineFile
    ? await readBaseline(isAbsolute(baselineFile) ? baselineFile : join(root, baselineFile))
    : undefined;
  const ruleOptions = config
    ? { add: config.rules, disable: config.disable, enable: config.enable, allow: config.allow }
    : {};
  const result = await scanInventory(inventory, {
    ...ruleOptions,
    ...(baseline ? { baseline } : {}),
    ...(options.vendored ? { vendored: true } : {}),
  });
  if (!options.history) return reportOf(result);
  const { scanHistory } = await import('../secrets/history.js');
  const history = await scanHistory(root, { ...ruleOptions, ...(baseline ? { baseline } : {}) });
  // A secret still in the tree is reported there; history adds only what the tree no longer shows.
  const inTree = new Set(result.findings.map((f) => f.fingerprint));
  const gone = history.findings.filter((f) => !inTree.has(f.fingerprint));
  const report = reportOf({ ...result, findings: [...result.findings, ...gone] });
  report.history = {
    commits: history.commits,
    blobs: history.blobs,
    scanned: history.scanned,
    notes: history.notes,
  };
  return report;
}

export function reportOf(result: TreeScanResult): SecretsReport {
  const failing = result.findings.filter(isFailing).length;
  return {
    schemaVersion: SECRETS_JSON_VERSION,
    tool: { name: 'vouch', version: VERSION },
    summary: {
      files: result.files,
      scanned: result.scanned,
      bytes: result.bytes,
      skipped: result.skipped,
      notScanned: result.notScanned.length,
      findings: result.findings.length,
      failing,
      ignored: result.findings.filter((f) => f.ignored).length,
    },
    findings: result.findings,
    notScanned: result.notScanned,
  };
}

export function isFailing(f: SecretFinding): boolean {
  return f.gate && !f.ignored;
}

/** 1 when a finding fails the gate, else 0 (see cli/exit-codes.ts). */
export function secretsExitCode(report: SecretsReport): 0 | 1 {
  return report.summary.failing > 0 ? 1 : 0;
}

/** The baseline that accepts every current finding (to adopt vouch on a repository with history). */
export function baselineOf(
  report: SecretsReport,
  reason = 'accepted when the baseline was written',
): SecretsBaseline {
  return {
    version: BASELINE_VERSION,
    findings: report.findings.map((f) => ({
      fingerprint: f.fingerprint,
      rule: f.rule,
      path: f.location.path,
      reason: f.ignored?.reason ?? reason,
    })),
  };
}

function where(f: SecretFinding): string {
  return `${oneLine(f.location.path, 300)}:${f.location.line}:${f.location.column}`;
}

export function renderSecretsText(report: SecretsReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const status = f.ignored
      ? `allowed (${f.ignored.by}: ${oneLine(f.ignored.reason, 120)})`
      : f.gate
        ? 'FAIL'
        : 'review';
    lines.push(
      `${where(f)}${f.commit ? `@${f.commit.slice(0, 12)}` : ''}  ${f.rule}  ${f.masked}  ${f.severity}/${f.confidence}${f.scope !== 'product' ? ` [${f.scope}]` : ''}  ${status}${f.note ? ` (${f.note})` : ''}`,
    );
  }
  if (report.history) {
    const h = report.history;
    lines.push(
      `history: ${h.commits} commit(s), ${h.blobs} blob(s) added, ${h.scanned} scanned${h.notes.length > 0 ? `; ${h.notes.join('; ')}` : ''}`,
    );
  }
  for (const n of report.notScanned)
    lines.push(`${oneLine(n.path, 300)}  not scanned: ${oneLine(n.reason, 300)}`);
  const s = report.summary;
  const skipped = Object.entries(s.skipped)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  lines.push(
    `${s.scanned} of ${s.files} file(s) scanned${skipped ? ` (skipped: ${skipped})` : ''}; ${s.findings} finding(s), ${s.failing} failing, ${s.ignored} allowed${s.notScanned > 0 ? `; ${s.notScanned} file(s) not scanned: their content is unknown` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

/** One SARIF rule per secret rule, from rules/secrets.yaml (user rules get a generic one). */
export function secretRuleDefinitions(): RuleDefinition[] {
  const generic: RuleDefinition = {
    id: SECRETS_RULE_PREFIX,
    title: 'A secret is committed to the repository',
    description: 'Anyone who can read the repository, or its history, can use this credential.',
    severity: 'high',
    confidence: 'medium',
    remediation: { text: REMEDIATION },
  };
  return [
    generic,
    ...loadSecretsFile().rules.map((r) => ({
      id: `${SECRETS_RULE_PREFIX}/${r.id}`,
      title: `${r.title} committed to the repository`,
      description: `A value matching the ${r.title} pattern is in the repository. Anyone who can read the repository, or its history, can use it.`,
      severity: r.severity,
      confidence: r.confidence,
      remediation: { text: REMEDIATION },
    })),
  ];
}

export const REMEDIATION =
  'Revoke and rotate the credential first (it is in the history even after the file changes), then remove it and load it from a secret store or the environment. If it is a test value or a documented example, say so with `vouch: ignore[rule-id] reason` on its line or accept it in the baseline.';

export function secretSarifFindings(findings: readonly SecretFinding[]): SarifFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    outcome: 'fail',
    severity: f.severity,
    confidence: f.confidence,
    message: `${f.title}: ${f.masked}${f.note ? ` (${f.note})` : ''}${f.scope !== 'product' ? ` in ${f.scope} code` : ''}`,
    location: f.location,
    remediation: REMEDIATION,
    fingerprint: f.fingerprint,
    ...(f.ignored ? { suppressed: { reason: `${f.ignored.by}: ${f.ignored.reason}` } } : {}),
    properties: { masked: f.masked, scope: f.scope, gate: f.gate, ...(f.commit ? { commit: f.commit } : {}) },
  }));
}

export function renderSecretsSarif(report: SecretsReport): string {
  return renderSarif({
    rules: secretRuleDefinitions(),
    findings: secretSarifFindings(report.findings),
    automationId: 'vouch/secrets/',
  });
}

export function renderSecrets(report: SecretsReport, format: SecretsFormat): string {
  if (format === 'json') return `${toSafeJson(report, 2)}\n`;
  if (format === 'sarif') return renderSecretsSarif(report);
  return renderSecretsText(report);
}

/** The baseline as written to disk. */
export function renderBaseline(baseline: SecretsBaseline): string {
  return `${toSafeJson(baseline, 2)}\n`;
}

/** A path shown relative to where the user is. */
export function shownPath(root: string, file: string): string {
  return relative(process.cwd(), isAbsolute(file) ? file : join(root, file));
}
