/**
 * `vouch models scan`: the use case (scan paths, summarise) and its renderings (text, JSON,
 * SARIF 2.1.0). Returns data; the CLI only prints it. Everything taken from a model file
 * (module and global names, call arguments, entry names) is hostile text: one line, controls
 * replaced, in text output; JSON and SARIF carry it as JSON strings.
 */
import { type ModelScanOptions, scanPaths } from '../ai/scan.js';
import type { ModelFinding, ModelScanResult } from '../ai/types.js';
import { sha256Hex } from '../formats/cyclonedx/sbom-input.js';
import { renderSarif, type SarifFinding } from '../formats/sarif/index.js';
import type { RuleDefinition } from '../probes/types.js';
import { oneLine } from '../util/text.js';
import { VERSION } from '../version.js';

export type ModelsScanFormat = 'text' | 'json' | 'sarif';
export const MODELS_SCAN_FORMATS: readonly ModelsScanFormat[] = ['text', 'json', 'sarif'];

/** Version of the JSON document below. */
export const MODELS_SCAN_JSON_VERSION = '1';

export interface ModelsScanReport {
  schemaVersion: typeof MODELS_SCAN_JSON_VERSION;
  tool: { name: 'vouch'; version: string };
  summary: { files: number; dangerous: number; safe: number; error: number; bytes: number };
  results: ModelScanResult[];
}

export function modelsScan(paths: readonly string[], options: ModelScanOptions = {}): ModelsScanReport {
  const results = scanPaths(paths, options);
  const count = (v: ModelScanResult['verdict']) => results.filter((r) => r.verdict === v).length;
  return {
    schemaVersion: MODELS_SCAN_JSON_VERSION,
    tool: { name: 'vouch', version: VERSION },
    summary: {
      files: results.length,
      dangerous: count('dangerous'),
      safe: count('safe'),
      error: count('error'),
      bytes: results.reduce((a, r) => a + r.bytes, 0),
    },
    results,
  };
}

/** 1 when a file is dangerous, 2 when one could not be examined fully, else 0 (see cli/exit-codes.ts). */
export function modelsScanExitCode(report: ModelsScanReport): 0 | 1 | 2 {
  if (report.summary.dangerous > 0) return 1;
  return report.summary.error > 0 ? 2 : 0;
}

const where = (f: { entry?: string; offset?: number }) =>
  `${f.entry !== undefined ? `${oneLine(f.entry, 200)} ` : ''}${f.offset !== undefined ? `@${f.offset}` : ''}`.trim();

function findingText(f: ModelFinding): string {
  const calls = f.calls.map(
    (c) =>
      `${c.opcode}@${c.offset} ${oneLine(f.module, 100)}.${oneLine(f.name, 100)}${c.opcode === 'BUILD' ? ' state ' : ''}${oneLine(c.args, 200)}`,
  );
  return `  ${f.severity.padEnd(10)} ${oneLine(f.module, 120)}.${oneLine(f.name, 120)} (${f.opcode} ${where(f)})${calls.length > 0 ? `\n${calls.map((c) => `             call: ${c}`).join('\n')}` : ''}\n             ${f.reason}`;
}

export function renderModelsScanText(report: ModelsScanReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${r.verdict.toUpperCase().padEnd(9)} ${oneLine(r.name, 300)} [${r.format}]`);
    for (const f of r.findings) lines.push(findingText(f));
    for (const p of r.problems)
      lines.push(
        `  ${p.fatal ? 'not examined' : 'note'}: ${where(p) ? `${where(p)}: ` : ''}${oneLine(p.message, 300)}`,
      );
  }
  const s = report.summary;
  lines.push(`${s.files} file(s): ${s.dangerous} dangerous, ${s.safe} safe, ${s.error} error`);
  return `${lines.join('\n')}\n`;
}

const dangerousImport: RuleDefinition = {
  id: 'model-file/dangerous-import',
  title: 'A model file imports an object that can run code when it is loaded',
  description: 'Loading the file would import and may call this object: a pickle can run any code it names.',
  severity: 'critical',
  confidence: 'high',
  remediation: {
    text: 'Load this model only from a format without code (safetensors, GGUF, ONNX) or with an allow-listing loader (torch.load(weights_only=True)); remove or replace the object; if it is genuinely safe, propose it for rules/pickle-safe-globals.yaml.',
  },
};
const notExamined: RuleDefinition = {
  id: 'model-file/not-examined',
  title: 'Part of a model file could not be examined',
  description: 'The file is malformed, encrypted, over a limit or in a form vouch cannot read.',
  severity: 'medium',
  confidence: 'high',
  remediation: {
    text: 'Its safety is unknown. Re-save it in a plain format, or examine it by other means.',
  },
};

/** Stable across runs and unaffected by byte offsets, so moving data in the file keeps the identity. */
function fingerprint(...parts: string[]): string {
  return sha256Hex(parts.join('\u0000')).slice(0, 32);
}

/** SARIF 2.1.0: one result per dangerous import and per file not fully examined. */
export function renderModelsScanSarif(report: ModelsScanReport): string {
  const findings: SarifFinding[] = [];
  for (const r of report.results) {
    const path = r.name.split('\\').join('/');
    for (const f of r.findings) {
      const call = f.calls[0];
      findings.push({
        rule: dangerousImport.id,
        outcome: 'fail',
        severity: f.severity === 'critical' ? 'critical' : 'high',
        confidence: f.severity === 'critical' ? 'high' : 'medium',
        message: `${f.module}.${f.name} imported by ${f.opcode}${f.entry ? ` in ${f.entry}` : ''}${call ? `, called by ${call.opcode} with ${call.args}` : ''}: ${f.reason}`,
        location: { path },
        // Offsets inside an archive entry are not file offsets: the entry is named in the message.
        ...(f.entry === undefined ? { byteOffset: f.offset } : {}),
        remediation: dangerousImport.remediation.text,
        fingerprint: fingerprint(r.name, f.entry ?? '', f.module, f.name, f.opcode),
        properties: { format: r.format, ...(f.entry ? { entry: f.entry } : {}) },
      });
    }
    for (const p of r.problems.filter((q) => q.fatal)) {
      findings.push({
        rule: notExamined.id,
        outcome: 'fail',
        severity: 'medium',
        confidence: 'high',
        message: `${p.entry ? `${p.entry}: ` : ''}${p.message}`,
        location: { path },
        ...(p.offset !== undefined && p.entry === undefined ? { byteOffset: p.offset } : {}),
        remediation: notExamined.remediation.text,
        fingerprint: fingerprint(r.name, p.entry ?? '', p.message),
        properties: { format: r.format },
      });
    }
  }
  return renderSarif({
    rules: [dangerousImport, notExamined],
    findings,
    automationId: 'vouch/models-scan/',
  });
}

export function renderModelsScan(report: ModelsScanReport, format: ModelsScanFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'sarif') return renderModelsScanSarif(report);
  return renderModelsScanText(report);
}
