/**
 * The assessment result: the stable core of `vouch assess --format json`
 * (schemas/assessment-report.schema.json describes it for other tools).
 */
import type { CodeId } from '../catalogue/types.js';
import type { InventoryProblem } from '../inventory/types.js';
import type { Finding } from '../probes/types.js';

export type Verdict = 'met' | 'not-met' | 'partial' | 'unknown' | 'not-applicable';
/** observed: a machine saw it; attested: a person vouched for it; none: nobody could. */
export type Basis = 'observed' | 'attested' | 'none';

export type Evidence =
  | { kind: 'finding'; rule: string; outcome: Finding['outcome']; fingerprint: string; message: string }
  | { kind: 'file'; path: string; sha256?: string; problem?: string }
  | { kind: 'url'; url: string }
  | { kind: 'attestation'; owner: string; statement: string; reviewed?: string; expires: string };

export interface RequirementResult {
  id: string;
  number: string;
  kind: 'claim' | 'provision';
  strength: 'shall' | 'should';
  title: string;
  verdict: Verdict;
  basis: Basis;
  reason: string;
  /** Why the evidence vouch looks for suffices for this requirement (catalogue/evidence.yaml), to challenge. */
  argument?: string;
  /** AI CoP "should" provisions: a gap is a recommendation, not a failure. */
  recommendation?: boolean;
  /** AI CoP provisions: evidence that would satisfy it (the catalogue's evidence ideas); `evidence` is what was found. */
  wouldSatisfy?: string[];
  evidence: Evidence[];
  /** Fingerprints of the findings (in the top-level list) that bear on this requirement. */
  findings: string[];
}

export interface PrincipleResult {
  id: string;
  number: string;
  title: string;
  verdict: Verdict;
  requirements: RequirementResult[];
}

export interface CodeResult {
  id: CodeId;
  title: string;
  sourceUrl: string;
  applicable: boolean;
  /** Why the code, or part of it, does not apply. */
  reason?: string;
  principles: PrincipleResult[];
  counts: Record<Verdict, number>;
}

export interface ProductRepositoryEntry {
  name: string;
  /** The repository holding vouch.yaml. */
  primary: boolean;
  /** As vouch.yaml names it: never a local absolute path of a clone. */
  path?: string;
  url?: string;
  head?: string;
  files: number;
  note?: string;
}

export interface Action {
  severity: Finding['severity'];
  rule: string;
  text: string;
  location?: Finding['location'];
}

export interface AssessmentReport {
  schemaVersion: string;
  tool: { name: 'vouch'; version: string; catalogueVersion: string };
  generatedAt: string;
  product: {
    name: string;
    version?: string;
    vendor?: string;
    vendorRole?: string;
    sro?: string;
    /** vouch.yaml's assessor: who signs off the self-assessment (`vouch statement`). */
    assessor?: string;
    aiRoles: string[];
    /** false when vouch.yaml is missing or invalid: defaults were assumed. */
    declared: boolean;
  };
  repository: { root: string; head?: string; branch?: string; remote?: string; files: number; note?: string };
  /** When vouch.yaml lists several repositories judged as one product: each, the primary first. */
  repositories?: ProductRepositoryEntry[];
  codes: CodeResult[];
  findings: Finding[];
  actions: Action[];
  problems: {
    manifest: { file: string; message: string; line?: number; column?: number }[];
    inventory: InventoryProblem[];
    collectors: { collector: string; error: string }[];
  };
}
