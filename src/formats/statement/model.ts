/**
 * The self-assessment statement every statement format renders: the assessment report seen as a
 * customer reads it (per claim or provision: verdict, basis, argument, evidence, open actions),
 * with the product, vendor, scope, assessor and date. Built once per run; each renderer only
 * lays it out. Absolute paths of the machine that assessed are made relative to the repository
 * here, so no format can leak them.
 */
import { basename } from 'node:path';
import type { AssessmentReport, Evidence, RequirementResult, Verdict } from '../../assessment/types.js';
import type { Finding } from '../../probes/types.js';

export interface StatementAction {
  rule: string;
  severity: Finding['severity'];
  /** path:line:column, when the finding has a place. */
  location?: string;
  remediation: string;
  fingerprint: string;
}

export interface StatementClaim extends Omit<RequirementResult, 'findings'> {
  /** Failing, unsuppressed findings that bear on it: what to do to change the verdict. */
  actions: StatementAction[];
  /** Fingerprints of every finding that bears on it (as in the report). */
  findings: string[];
}

export interface StatementPrinciple {
  id: string;
  number: string;
  title: string;
  verdict: Verdict;
  claims: StatementClaim[];
}

export interface StatementCode {
  id: string;
  title: string;
  sourceUrl: string;
  applicable: boolean;
  reason?: string;
  counts: Record<Verdict, number>;
  principles: StatementPrinciple[];
}

export interface Statement {
  product: { name: string; version?: string; vendor?: string; vendorRole?: string; sro?: string };
  /** Who signs off the self-assessment; undefined when nobody is named. */
  assessor?: string;
  /** Calendar date (YYYY-MM-DD, UTC) of the statement. */
  date: string;
  /** When the assessment behind it ran (ISO 8601). */
  assessedAt: string;
  tool: { version: string; catalogueVersion: string };
  scope: { repository: string; commit?: string; branch?: string; remote?: string; files: number };
  codes: StatementCode[];
}

export interface StatementOptions {
  /** Overrides the report's (vouch.yaml's) assessor. */
  assessor?: string;
  /** YYYY-MM-DD; default: the day the assessment ran. */
  date?: string;
}

export const VERDICTS: readonly Verdict[] = ['met', 'partial', 'not-met', 'unknown', 'not-applicable'];

/** A remote URL without user name or password (a token in a clone URL must not be published). */
function publicRemote(remote: string): string {
  try {
    const u = new URL(remote);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return remote.replace(/^[^@/]*@(?=[^@]*:)/, ''); // scp-like user@host:path
  }
}

/** Every string in `value` with the assessed folder made relative (a deep copy). */
function relativised<T>(value: T, root: string): T {
  if (root.length <= 1) return structuredClone(value);
  const fix = (s: string) => s.split(`${root}/`).join('').split(root).join('.');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

export function locationText(l: Finding['location']): string | undefined {
  if (!l) return undefined;
  return `${l.path}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`;
}

export function buildStatement(input: AssessmentReport, options: StatementOptions = {}): Statement {
  const report = relativised(input, input.repository.root);
  const failing = new Map<string, Finding>();
  for (const f of report.findings) if (f.outcome === 'fail' && !f.suppressed) failing.set(f.fingerprint, f);
  const claim = (r: RequirementResult): StatementClaim => ({
    ...r,
    actions: r.findings.flatMap((fp) => {
      const f = failing.get(fp);
      if (!f) return [];
      const location = locationText(f.location);
      return [
        {
          rule: f.rule,
          severity: f.severity,
          ...(location ? { location } : {}),
          remediation: f.remediation,
          fingerprint: f.fingerprint,
        },
      ];
    }),
  });
  const assessor = options.assessor ?? report.product.assessor;
  const { repository: repo } = report;
  return {
    product: {
      name: report.product.name,
      ...(report.product.version ? { version: report.product.version } : {}),
      ...(report.product.vendor ? { vendor: report.product.vendor } : {}),
      ...(report.product.vendorRole ? { vendorRole: report.product.vendorRole } : {}),
      ...(report.product.sro ? { sro: report.product.sro } : {}),
    },
    ...(assessor ? { assessor } : {}),
    date: options.date ?? report.generatedAt.slice(0, 10),
    assessedAt: report.generatedAt,
    tool: { version: report.tool.version, catalogueVersion: report.tool.catalogueVersion },
    scope: {
      repository: basename(input.repository.root) || '.',
      ...(repo.head ? { commit: repo.head } : {}),
      ...(repo.branch ? { branch: repo.branch } : {}),
      ...(repo.remote ? { remote: publicRemote(repo.remote) } : {}),
      files: repo.files,
    },
    codes: report.codes.map((c) => ({
      id: c.id,
      title: c.title,
      sourceUrl: c.sourceUrl,
      applicable: c.applicable,
      ...(c.reason ? { reason: c.reason } : {}),
      counts: c.counts,
      principles: c.principles.map((p) => ({
        id: p.id,
        number: p.number,
        title: p.title,
        verdict: p.verdict,
        claims: p.requirements.map(claim),
      })),
    })),
  };
}

/** One piece of evidence as people read it: what it is, its hash and its dates. */
export interface EvidenceLine {
  kind: Evidence['kind'];
  text: string;
  /** sha256 of a file, or a finding's fingerprint. */
  hash?: string;
  dates?: string;
}

export function evidenceLine(e: Evidence): EvidenceLine {
  switch (e.kind) {
    case 'finding':
      return {
        kind: e.kind,
        text: `${e.rule} (${e.outcome}): ${e.message}`,
        hash: `fingerprint ${e.fingerprint}`,
      };
    case 'file':
      return {
        kind: e.kind,
        text: `file ${e.path}${e.problem ? ` (${e.problem})` : ''}`,
        ...(e.sha256 ? { hash: `sha256 ${e.sha256}` } : {}),
      };
    case 'url':
      return { kind: e.kind, text: `link ${e.url}` };
    case 'attestation':
      return {
        kind: e.kind,
        text: `attested by ${e.owner}: ${e.statement}`,
        dates: `${e.reviewed ? `reviewed ${e.reviewed}, ` : ''}expires ${e.expires}`,
      };
  }
}

export function evidenceText(e: Evidence): string {
  const l = evidenceLine(e);
  return [l.text, l.hash, l.dates].filter(Boolean).join('; ');
}

export function actionText(a: StatementAction): string {
  return `${a.rule} (${a.severity})${a.location ? ` at ${a.location}` : ''}: ${a.remediation}`;
}

export const ASSESSOR_UNNAMED = 'not named (set assessor in vouch.yaml or pass --assessor)';

/** Every claim or provision with its code and principle, in catalogue order. */
export function* claimsOf(s: Statement): Generator<[StatementCode, StatementPrinciple, StatementClaim]> {
  for (const c of s.codes) for (const p of c.principles) for (const r of p.claims) yield [c, p, r];
}
