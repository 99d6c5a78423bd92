/**
 * One VEX model for vouch.yaml statements, OpenVEX 0.2.0 and CycloneDX VEX: a statement says
 * what a vulnerability means for some products (purls; none = the whole product). Statements
 * saying `not_affected` or `fixed` suppress matching findings until they expire; the audit
 * listing shows every statement, what it suppressed, and which ones have expired.
 */
import type { VulnerabilityMatch } from '../scan.js';

export const vexStatuses = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type VexStatus = (typeof vexStatuses)[number];

/** OpenVEX 0.2.0 justifications (CycloneDX ones are mapped onto these). */
export const vexJustifications = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type VexJustification = (typeof vexJustifications)[number];

export interface VexStatement {
  vulnerability: string;
  /** Package URLs; a purl without a version covers every version. Empty: every component. */
  products: string[];
  status: VexStatus;
  justification?: VexJustification;
  impact?: string;
  /** YYYY-MM-DD: the statement applies up to and including this day. */
  expires?: string;
  /** Where it came from: "vouch.yaml" or the VEX file's path. */
  source: string;
}

export interface AuditEntry {
  statement: VexStatement;
  expired: boolean;
  /** Findings (vulnerability id and purl) this statement suppressed. */
  suppressed: { id: string; purl: string }[];
}

export interface VexOutcome {
  active: VulnerabilityMatch[];
  suppressed: { match: VulnerabilityMatch; by: VexStatement }[];
  audit: AuditEntry[];
}

/** The purl without qualifiers and subpath, and without the version when `withVersion` is false. */
function purlBase(purl: string, withVersion: boolean): string {
  let p = purl.split('#')[0]!.split('?')[0]!;
  if (!withVersion) {
    const at = p.lastIndexOf('@');
    if (at > p.indexOf('/')) p = p.slice(0, at);
  }
  return p;
}

function productMatches(product: string, purl: string): boolean {
  const versioned = product.lastIndexOf('@') > product.indexOf('/');
  return purlBase(product, versioned) === purlBase(purl, versioned);
}

const SUPPRESSING: ReadonlySet<VexStatus> = new Set(['not_affected', 'fixed']);

/** Applies statements to matches as of `today` (YYYY-MM-DD). */
export function applyVex(
  matches: readonly VulnerabilityMatch[],
  statements: readonly VexStatement[],
  today: string,
): VexOutcome {
  const audit: AuditEntry[] = statements.map((statement) => ({
    statement,
    expired: statement.expires !== undefined && statement.expires < today,
    suppressed: [],
  }));
  const out: VexOutcome = { active: [], suppressed: [], audit };
  for (const m of matches) {
    const ids = new Set([m.id, ...m.aliases]);
    const entry = audit.find(
      (a) =>
        !a.expired &&
        SUPPRESSING.has(a.statement.status) &&
        ids.has(a.statement.vulnerability) &&
        (a.statement.products.length === 0 || a.statement.products.some((p) => productMatches(p, m.purl))),
    );
    if (entry) {
      entry.suppressed.push({ id: m.id, purl: m.purl });
      out.suppressed.push({ match: m, by: entry.statement });
    } else out.active.push(m);
  }
  return out;
}
