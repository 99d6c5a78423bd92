/**
 * The two Codes as the product sees them: codes -> principles -> requirements (SSCoP claims or
 * AI CoP provisions). Loaded from catalogue/*.yaml and validated by catalogue/schema.ts.
 */

export type CodeId = 'sscop' | 'aicop';
export type Automatable = 'full' | 'partial' | 'none';
export type Strength = 'shall' | 'should';
export type VendorRole = 'developer-and-distributor' | 'reseller' | 'developer-only';
export type AiRole = 'developer' | 'system-operator' | 'data-custodian' | 'end-user' | 'affected-entity';

export interface EvidenceRule {
  /** Why this evidence suffices, or why only a person can attest. */
  argument: string;
  sufficient: string[];
  supporting: string[];
  refutes: string[];
  host: string[];
}

export interface Requirement {
  /** Qualified id: "sscop:1.2.3", "aicop:8.1.2". */
  id: string;
  /** Number within the code: "1.2.3". */
  number: string;
  kind: 'claim' | 'provision';
  /** The product's own paraphrase. */
  text: string;
  strength: Strength;
  automatable: Automatable;
  /** Ideas for evidence, for people attesting. */
  evidenceIdeas: string[];
  /** AI CoP only. */
  roles?: AiRole[];
  phase?: string;
  etsiClause?: string;
  /** Every probe id whose findings bear on this requirement (the union of the evidence rule's lists). */
  probes: string[];
  /** How evidence decides it (catalogue/evidence.yaml); absent when only a person can attest it. */
  evidence?: EvidenceRule;
  /** Free-form cross references (OSPS Baseline ids, ...). */
  refs?: string[];
}

export interface Principle {
  /** "sscop:1.2" or "aicop:8". */
  id: string;
  number: string;
  title: string;
  /** Paraphrase of the principle. */
  text: string;
  /** SSCoP theme number ("1".."4"); AI CoP phase id. */
  group: string;
  groupTitle: string;
  sourceUrl: string;
  requirements: Requirement[];
}

export interface Code {
  id: CodeId;
  title: string;
  publisher: string;
  published: string;
  sourceUrl: string;
  principles: Principle[];
}

export interface Catalogue {
  version: string;
  codes: Code[];
  /** Every requirement and principle by qualified id. */
  byId: Map<string, Requirement | Principle>;
}
