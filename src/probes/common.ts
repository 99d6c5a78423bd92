/**
 * Preconditions several probes share, each written once: getting a collector's facts (or turning
 * its failure into an `error` finding, never a false `fail`), having a readable security policy,
 * and having CI files that parse.
 */

import { type ChangeHistoryFacts, changeHistoryFact } from '../collectors/change-history/index.js';
import { hostFact } from '../collectors/host/index.js';
import { type ManifestFacts, manifestFact } from '../collectors/manifest/index.js';
import type {
  Delegation,
  HostPolicy,
  PolicyFile,
  SecurityPolicyFacts,
} from '../collectors/security-policy/index.js';
import type { Facts, FactToken } from '../collectors/types.js';
import type { HostFacts } from '../host/types.js';
import { MANIFEST_FILE } from '../manifest/load.js';
import type { SupportSection, VouchManifest } from '../manifest/schema.js';
import { finding } from './finding.js';
import { oneLine, plural, quote } from './text.js';
import type { Finding, Location, ProbeDefinition } from './types.js';

export type FactsOr<T> = { ok: true; value: T } | { ok: false; findings: Finding[] };

export function factsFor<T>(facts: Facts, def: ProbeDefinition, fact: FactToken<T>): FactsOr<T> {
  const collectorId = fact.id;
  const error = facts.error(fact);
  const value = error === undefined ? facts.get(fact) : undefined;
  if (value !== undefined) return { ok: true, value };
  const [message, key, remediation] =
    error !== undefined
      ? [
          `The ${collectorId} collector failed: ${oneLine(error, 200)}`,
          `collector-error:${collectorId}`,
          'This is a vouch problem, not a repository problem: report it with the message above.',
        ]
      : [
          `The ${collectorId} collector did not run, so ${def.id} cannot be evaluated`,
          `collector-missing:${collectorId}`,
          'This is a vouch problem: the probe was run without the collector it needs.',
        ];
  return { ok: false, findings: [finding(def, { outcome: 'error', message, key, remediation })] };
}

/**
 * For probes that read the security policy's text: when no policy file is readable, the finding
 * to return (unknown when one could not be read or the host might supply one; fail when there is
 * none, saying what is therefore missing); undefined when there is something to read.
 */
export function withoutReadablePolicy(
  def: ProbeDefinition,
  policy: Pick<SecurityPolicyFacts, 'files' | 'host'>,
  soMissing: string,
): Finding[] | undefined {
  if (policy.files.some((f) => !f.error && !f.empty)) return undefined;
  const unreadable = policy.files.find((f) => f.error);
  if (unreadable) return [unreadablePolicy(def, unreadable)];
  return [noPolicyFinding(def, policy.host, `so ${soMissing}`)];
}

/** A policy file that exists but could not be read: what it says is unknown. */
export function unreadablePolicy(def: ProbeDefinition, file: PolicyFile): Finding {
  return finding(def, {
    outcome: 'unknown',
    message: `Security policy ${oneLine(file.path)} could not be read: ${oneLine(file.error ?? '')}`,
    location: { path: file.path },
    key: 'unreadable',
  });
}

/**
 * For probes that look for a step in CI: nothing was found, but some CI files could not be
 * parsed, so the answer is unknown rather than fail.
 */
export function unparsedCiFiles(
  def: ProbeDefinition,
  unparsed: readonly { path: string; error?: string }[],
  lookingFor: string,
): Finding[] {
  const first = unparsed[0]!;
  return [
    finding(def, {
      outcome: 'unknown',
      message: `No ${lookingFor} found in the CI files that could be read; ${plural(unparsed.length, 'CI file')} could not: ${oneLine(first.path)} (${oneLine(first.error ?? 'not parsed', 120)})`,
      location: { path: first.path },
      key: 'unparsed',
      remediation: `Fix ${first.path} so it parses (vouch reads it as YAML 1.2 with unique keys), then re-run.`,
    }),
  ];
}

/**
 * The finding for "the tree has no security policy": a failure only when the host could not supply
 * one either; `unknown`, naming what would decide it, when the host was not or could not be asked.
 */
export function noPolicyFinding(
  def: ProbeDefinition,
  host: HostPolicy,
  consequence: string,
  remediation?: string,
): Finding {
  if (host.status === 'unknown') {
    return finding(def, {
      outcome: 'unknown',
      message: `No security policy in the tree, ${consequence}; the host may show the owner's default policy instead, but ${oneLine(host.reason, 200)}`,
      key: 'no-policy',
      remediation:
        "Add a SECURITY.md to the repository, or let vouch ask the host (--github-token or GITHUB_TOKEN) whether the owner's .github repository supplies one.",
    });
  }
  return finding(def, {
    outcome: 'fail',
    message: `No security policy in the tree or as the owner's default on the host, ${consequence}`,
    key: 'no-policy',
    ...(remediation ? { remediation } : {}),
  });
}

type KnownValue<F> = F extends { status: 'known'; value: infer V } ? V : never;

/**
 * For probes that read one host fact: its value and source when the host stated it; otherwise the
 * `unknown` finding that says why (never a failure: the tree cannot show host settings).
 */
export function hostFactFor<K extends Exclude<keyof HostFacts, 'host' | 'repository'>>(
  facts: Facts,
  def: ProbeDefinition,
  key: K,
  what: string,
):
  | { ok: true; value: KnownValue<HostFacts[K]>; source: string; host: HostFacts }
  | { ok: false; findings: Finding[] } {
  const got = factsFor(facts, def, hostFact);
  if (!got.ok) return got;
  const fact = got.value[key];
  if (fact.status === 'unknown') {
    return {
      ok: false,
      findings: [
        finding(def, {
          outcome: 'unknown',
          message: `${what} is not known: ${oneLine(fact.reason, 200)}`,
          key: 'unknown',
        }),
      ],
    };
  }
  return { ok: true, value: fact.value as KnownValue<HostFacts[K]>, source: fact.source, host: got.value };
}

/**
 * The policy's own text is only a pointer: every readable prose policy is pointer-only and there
 * is no security.txt. Returns the first page it points to.
 */
export function pointerOnlyPolicy(policy: SecurityPolicyFacts): Delegation | undefined {
  const readable = policy.files.filter((f) => !f.error && !f.empty);
  if (readable.length === 0 || readable.some((f) => f.kind !== 'policy' || !f.pointerOnly)) return undefined;
  return policy.delegations[0];
}

/** The `unknown` for a question the policy hands to a page vouch does not fetch. */
export function delegatedFinding(def: ProbeDefinition, d: Delegation, what: string): Finding {
  return finding(def, {
    outcome: 'unknown',
    message: `${oneLine(d.file)} delegates to ${oneLine(d.url, 200)} (${quote(d.statement, 120)}); vouch does not fetch pages, so ${what} is unknown`,
    location: { path: d.file, line: d.line, column: d.column },
    key: 'delegated',
    remediation: `State ${what} in ${d.file} itself, or read ${d.url} and attest the answer in vouch.yaml.`,
  });
}

/**
 * For a probe about to fail because the policy's text lacks something: `unknown` instead when the
 * text hands the question to a linked page, or when the tree's only policy is a README or
 * CONTRIBUTING section and the host, which may show the owner's default policy, was not asked.
 */
export function undecidedByTree(
  def: ProbeDefinition,
  policy: SecurityPolicyFacts,
  what: string,
): Finding[] | undefined {
  const d = policy.delegations[0];
  if (d) return [delegatedFinding(def, d, what)];
  const readable = policy.files.filter((f) => !f.error && !f.empty);
  const section = readable.find((f) => f.section);
  if (policy.host.status === 'unknown' && section && readable.every((f) => f.section)) {
    return [
      finding(def, {
        outcome: 'unknown',
        message: `The tree's only security policy is a section of ${oneLine(section.path)} (line ${section.section!.line}), which does not state ${what}; the owner's default SECURITY.md on the host may, but ${oneLine(policy.host.reason, 200)}`,
        location: { path: section.path, line: section.section!.line },
        key: 'section-only',
        remediation: `Add a SECURITY.md that states ${what}, or let vouch ask the host (--github-token or GITHUB_TOKEN) whether the owner's .github repository supplies one.`,
      }),
    ];
  }
  return undefined;
}

/**
 * The precondition of probes that read a section of vouch.yaml (support:, incidents:): the
 * section with the position of each of its list items, or the unknown finding that says why there
 * is nothing to read.
 */
export type DeclaredSection<T> =
  | { ok: true; section: T; itemLocation: (index: number) => Location }
  | { ok: false; findings: Finding[] };

export function declaredSection<K extends 'support' | 'incidents'>(
  facts: Facts,
  def: ProbeDefinition,
  key: K,
  list: string,
  what: string,
  remediation: string,
): DeclaredSection<NonNullable<VouchManifest[K]>> {
  const got = factsFor<ManifestFacts>(facts, def, manifestFact);
  if (!got.ok) return got;
  const manifest = got.value.manifest;
  const section = manifest?.[key];
  if (!section) {
    const why = !got.value.found
      ? 'there is no vouch.yaml'
      : !manifest
        ? 'vouch.yaml is not valid'
        : `vouch.yaml has no ${key} section`;
    return {
      ok: false,
      findings: [
        finding(def, {
          outcome: 'unknown',
          message: `${what} cannot be judged: ${why}`,
          remediation,
          key: `no-${key}-section`,
        }),
      ],
    };
  }
  const positions = got.value.positions;
  return {
    ok: true,
    section: section as NonNullable<VouchManifest[K]>,
    itemLocation: (index) => {
      const pos = positions.get(`${key}.${list}.${index}`);
      return {
        path: MANIFEST_FILE,
        ...(pos ? { line: pos.line, column: pos.column } : {}),
        route: `${key}.${list}[${index}]`,
      };
    },
  };
}

/** The support probes' precondition: vouch.yaml's `support:` and the position of each line. */
export type DeclaredSupport =
  | { ok: true; support: SupportSection; lineLocation: (index: number) => Location }
  | { ok: false; findings: Finding[] };

export function declaredSupport(
  facts: Facts,
  def: ProbeDefinition,
  what: string,
  attest: string,
): DeclaredSupport {
  const d = declaredSection(
    facts,
    def,
    'support',
    'lines',
    what,
    `Declare the release lines in vouch.yaml (support: lines: with securitySupport and endOfLife dates and when each was announced), or attest ${attest} in vouch.yaml.`,
  );
  return d.ok ? { ok: true, support: d.section, lineLocation: d.itemLocation } : d;
}

/** The incident probes' precondition: vouch.yaml's `incidents:` and the position of each record. */
export function declaredIncidents(
  facts: Facts,
  def: ProbeDefinition,
  what: string,
  attest: string,
): DeclaredSection<NonNullable<VouchManifest['incidents']>> {
  return declaredSection(
    facts,
    def,
    'incidents',
    'records',
    what,
    `Record notable incidents, the notices sent and the incident support plan in vouch.yaml (incidents:), or attest ${attest} in vouch.yaml.`,
  );
}

/**
 * One `error` finding per file a model could not read or parse (too large, malformed YAML, an
 * alias bomb): said for that file, so the rest of the assessment goes on.
 */
export function unanalysedFiles(
  def: ProbeDefinition,
  files: readonly { path: string; error?: string | undefined }[],
  what: string,
): Finding[] {
  return files.flatMap((f) =>
    f.error === undefined
      ? []
      : [
          finding(def, {
            outcome: 'error',
            message: `${oneLine(f.path)} could not be analysed as ${what}: ${oneLine(f.error, 200)}`,
            location: { path: f.path },
            key: 'unanalysed',
            remediation: `Fix ${f.path} so it can be read (within the size limit, valid syntax, no alias bombs), then re-run.`,
          }),
        ],
  );
}

/**
 * For probes over modelled files (Dockerfiles, GitLab CI): the files that could be modelled and
 * the fact itself; an `error` finding for each file that could not; `not-applicable` when the
 * repository has none.
 */
export function modelledFiles<T, F extends { path: string; error?: string | undefined }>(
  facts: Facts,
  def: ProbeDefinition,
  fact: FactToken<T>,
  filesOf: (value: T) => readonly F[],
  none: string,
  what: string,
): { files: F[]; value?: T; findings: Finding[] } {
  const got = factsFor(facts, def, fact);
  if (!got.ok) return { files: [], findings: got.findings };
  const files = filesOf(got.value);
  if (files.length === 0) {
    return { files: [], findings: [finding(def, { outcome: 'not-applicable', message: none, key: 'none' })] };
  }
  return {
    files: files.filter((f) => f.error === undefined),
    value: got.value,
    findings: unanalysedFiles(def, files, what),
  };
}

/**
 * For probes over the change history: the history, or the `unknown` finding when git could not
 * show it (not a repository, no commits, git missing) or the allowed-signers file given could not
 * be read.
 */
export function changeHistoryFor(
  facts: Facts,
  def: ProbeDefinition,
): { ok: true; value: ChangeHistoryFacts } | { ok: false; findings: Finding[] } {
  const got = factsFor(facts, def, changeHistoryFact);
  if (!got.ok) return got;
  const h = got.value;
  const why =
    h.unavailable ??
    (h.allowedSigners && 'error' in h.allowedSigners
      ? `the allowed-signers file ${h.allowedSigners.path} could not be read (${h.allowedSigners.error})`
      : undefined);
  if (why === undefined) return got;
  return {
    ok: false,
    findings: [
      finding(def, {
        outcome: 'unknown',
        message: `The change history is not known: ${oneLine(why, 200)}`,
        key: 'unavailable',
      }),
    ],
  };
}
