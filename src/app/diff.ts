/**
 * `vouch diff A.json B.json`: what changed between two assessments (`vouch assess --format json`)
 * of one product: requirements whose verdict or basis changed, findings that appeared, were
 * resolved or changed outcome (matched by their stable fingerprint, so a finding that only moved
 * lines is the same finding). Returns data; renderings below.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AssessmentReport, Basis, RequirementResult, Verdict } from '../assessment/types.js';
import type { Finding } from '../probes/types.js';
import { escapeMarkdown, oneLine, toSafeJson } from '../util/text.js';

/** An assessment report larger than this is not one vouch wrote. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Worse is larger: a move up this scale is a regression. */
const VERDICT_RANK: Record<Verdict, number> = {
  met: 0,
  'not-applicable': 0,
  partial: 1,
  unknown: 2,
  'not-met': 3,
};

export interface RequirementChange {
  id: string;
  title: string;
  from: { verdict: Verdict; basis: Basis } | null;
  to: { verdict: Verdict; basis: Basis } | null;
  direction: 'better' | 'worse' | 'same-level';
}

export interface FindingChange {
  change: 'new' | 'resolved' | 'changed';
  rule: string;
  fingerprint: string;
  message: string;
  location?: Finding['location'];
  from?: Finding['outcome'];
  to?: Finding['outcome'];
}

export interface AssessmentDiff {
  schemaVersion: '1';
  from: { generatedAt: string; head?: string };
  to: { generatedAt: string; head?: string };
  requirements: RequirementChange[];
  findings: FindingChange[];
  summary: { better: number; worse: number; newFindings: number; resolvedFindings: number };
}

export type ReadResult = { ok: true; report: AssessmentReport } | { ok: false; problem: string };

/** Reads and shape-checks an assessment report; a problem names the file and what is wrong. */
export function readAssessment(path: string): ReadResult {
  let text: string;
  try {
    const s = statSync(path);
    if (!s.isFile()) return { ok: false, problem: `${path} is not a file` };
    if (s.size > MAX_REPORT_BYTES) return { ok: false, problem: `${path} is over ${MAX_REPORT_BYTES} bytes` };
    text = readFileSync(path, 'utf8');
  } catch {
    return { ok: false, problem: `${path} does not exist` };
  }
  let doc: Partial<AssessmentReport>;
  try {
    doc = JSON.parse(text) as Partial<AssessmentReport>;
  } catch (e) {
    return { ok: false, problem: `${path} is not JSON (${(e as Error).message})` };
  }
  if (
    typeof doc !== 'object' ||
    doc === null ||
    doc.tool?.name !== 'vouch' ||
    !Array.isArray(doc.codes) ||
    !Array.isArray(doc.findings)
  )
    return {
      ok: false,
      problem: `${path} is not a vouch assessment; make one with vouch assess --format json --output FILE`,
    };
  return { ok: true, report: doc as AssessmentReport };
}

function requirementsOf(report: AssessmentReport): Map<string, RequirementResult> {
  const out = new Map<string, RequirementResult>();
  for (const code of report.codes)
    for (const p of code.principles) for (const r of p.requirements) out.set(r.id, r);
  return out;
}

function direction(from: Verdict | undefined, to: Verdict | undefined): RequirementChange['direction'] {
  const a = from === undefined ? VERDICT_RANK.unknown : VERDICT_RANK[from];
  const b = to === undefined ? VERDICT_RANK.unknown : VERDICT_RANK[to];
  return b < a ? 'better' : b > a ? 'worse' : 'same-level';
}

export function diffAssessments(a: AssessmentReport, b: AssessmentReport): AssessmentDiff {
  const ra = requirementsOf(a);
  const rb = requirementsOf(b);
  const requirements: RequirementChange[] = [];
  for (const id of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
    const x = ra.get(id);
    const y = rb.get(id);
    if (x && y && x.verdict === y.verdict && x.basis === y.basis) continue;
    requirements.push({
      id,
      title: (y ?? x)!.title,
      from: x ? { verdict: x.verdict, basis: x.basis } : null,
      to: y ? { verdict: y.verdict, basis: y.basis } : null,
      direction: direction(x?.verdict, y?.verdict),
    });
  }
  const fa = new Map(a.findings.map((f) => [f.fingerprint, f]));
  const fb = new Map(b.findings.map((f) => [f.fingerprint, f]));
  const findings: FindingChange[] = [];
  const entry = (f: Finding) => ({
    rule: f.rule,
    fingerprint: f.fingerprint,
    message: f.message,
    ...(f.location ? { location: f.location } : {}),
  });
  for (const [fp, f] of fb) {
    const before = fa.get(fp);
    if (!before) findings.push({ change: 'new', ...entry(f), to: f.outcome });
    else if (before.outcome !== f.outcome)
      findings.push({ change: 'changed', ...entry(f), from: before.outcome, to: f.outcome });
  }
  for (const [fp, f] of fa)
    if (!fb.has(fp)) findings.push({ change: 'resolved', ...entry(f), from: f.outcome });
  findings.sort(
    (x, y) =>
      x.change.localeCompare(y.change) ||
      x.rule.localeCompare(y.rule) ||
      x.fingerprint.localeCompare(y.fingerprint),
  );
  return {
    schemaVersion: '1',
    from: { generatedAt: a.generatedAt, ...(a.repository?.head ? { head: a.repository.head } : {}) },
    to: { generatedAt: b.generatedAt, ...(b.repository?.head ? { head: b.repository.head } : {}) },
    requirements,
    findings,
    summary: {
      better: requirements.filter((r) => r.direction === 'better').length,
      worse: requirements.filter((r) => r.direction === 'worse').length,
      newFindings: findings.filter((f) => f.change === 'new' && f.to === 'fail').length,
      resolvedFindings: findings.filter((f) => f.change === 'resolved' && f.from === 'fail').length,
    },
  };
}

const state = (s: RequirementChange['from']) => (s ? `${s.verdict} (${s.basis})` : 'absent');
const where = (f: FindingChange) =>
  f.location ? ` at ${f.location.path}${f.location.line ? `:${f.location.line}` : ''}` : '';
const outcomeMove = (f: FindingChange) =>
  f.change === 'changed' ? `${f.from} -> ${f.to}` : f.change === 'new' ? (f.to ?? '') : (f.from ?? '');

export function renderDiffText(d: AssessmentDiff): string {
  const lines = [
    `from ${d.from.head ?? d.from.generatedAt} to ${d.to.head ?? d.to.generatedAt}: ${d.summary.better} better, ${d.summary.worse} worse; ${d.summary.newFindings} new failing finding(s), ${d.summary.resolvedFindings} resolved`,
  ];
  if (d.requirements.length > 0) lines.push('', 'Requirements:');
  for (const r of d.requirements)
    lines.push(
      `  ${r.direction === 'worse' ? 'WORSE ' : r.direction === 'better' ? 'better' : '      '} ${r.id}  ${state(r.from)} -> ${state(r.to)}  ${oneLine(r.title, 100)}`,
    );
  if (d.findings.length > 0) lines.push('', 'Findings:');
  for (const f of d.findings)
    lines.push(
      `  ${f.change.padEnd(8)} ${oneLine(f.rule, 80)} (${outcomeMove(f)})${oneLine(where(f), 200)}: ${oneLine(f.message, 200)}`,
    );
  return `${lines.join('\n')}\n`;
}

export function renderDiffMarkdown(d: AssessmentDiff): string {
  const out = [
    '# Assessment changes',
    '',
    `From ${escapeMarkdown(d.from.head ?? d.from.generatedAt)} to ${escapeMarkdown(d.to.head ?? d.to.generatedAt)}: ${d.summary.better} better, ${d.summary.worse} worse; ${d.summary.newFindings} new failing finding(s), ${d.summary.resolvedFindings} resolved.`,
  ];
  if (d.requirements.length > 0) {
    out.push(
      '',
      '## Requirements',
      '',
      '| requirement | before | after | change |',
      '| --- | --- | --- | --- |',
    );
    for (const r of d.requirements)
      out.push(
        `| ${escapeMarkdown(`${r.id} ${r.title}`)} | ${state(r.from)} | ${state(r.to)} | ${r.direction} |`,
      );
  }
  if (d.findings.length > 0) {
    out.push(
      '',
      '## Findings',
      '',
      '| change | rule | outcome | where | message |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of d.findings)
      out.push(
        `| ${f.change} | ${escapeMarkdown(f.rule)} | ${outcomeMove(f)} | ${escapeMarkdown(where(f).replace(/^ at /, ''))} | ${escapeMarkdown(f.message)} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function renderDiffJson(d: AssessmentDiff): string {
  return `${toSafeJson(d, 2)}\n`;
}
