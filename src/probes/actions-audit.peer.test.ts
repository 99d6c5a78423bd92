/**
 * The GitHub Actions audits against zizmor's own test suite (../shared/peer-suites/gha/zizmor):
 * per audit, expected, found, true positives, recall and precision counted by (file, audit,
 * line), printed; zizmor's no-finding cases stay clean; every disagreement is listed with why.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { GHA_SUITE } from '../../test/helpers/gha-peer-suite.js';
import { buildActionsFile, kindOfPath } from '../models/github-actions/index.js';
import {
  type InlineSuppression,
  inlineSuppressionFor,
  inlineSuppressions,
} from '../util/inline-suppressions.js';
import type { ActionsAuditProbe, ActionsFileModel } from './actions-audit.js';
import { probe as knownVulnerableActions } from './gha-known-vulnerable-actions/index.js';
import { probes } from './index.js';
import type { Finding } from './types.js';

const ZIZMOR = join(GHA_SUITE, 'zizmor');
type Persona = 'regular' | 'pedantic' | 'auditor';
/** `never`: a vouch sub-rule with no zizmor counterpart, left out of the comparison. */
type Shown = Persona | 'never';
const RANK: Record<Shown, number> = { regular: 0, pedantic: 1, auditor: 2, never: 9 };

/**
 * zizmor audit id -> our rule, and the zizmor persona at which each of our sub-rules shows
 * (zizmor hides code smells from its default persona; vouch keeps them as sub-rules with a low
 * severity, so `--min-severity` / the sub-rule picks them out). `why` says where we differ on purpose.
 */
const AUDITS: Record<
  string,
  { rule: string; personas?: Record<string, Shown>; why?: string; floor?: number }
> = {
  'template-injection': {
    rule: 'gha-template-injection',
    floor: 0.94,
    why: 'in `a && b || c` vouch does not report a: it decides which value expands but never reaches the script (zizmor reports it; 2 cases below). A constant matrix value or a fixed context is an observation in vouch (low, no failure); zizmor shows those at the personas given, and they are counted there',
    personas: {
      'fixed-context': 'pedantic',
      secret: 'pedantic',
      'unknown-context': 'pedantic',
      'matrix-static': 'auditor',
      matrix: 'auditor',
    },
  },
  'unpinned-uses': { rule: 'gha-unpinned-uses' },
  'unpinned-images': { rule: 'gha-unpinned-images', personas: { tag: 'pedantic', unknown: 'pedantic' } },
  'dangerous-triggers': {
    rule: 'gha-dangerous-triggers',
    personas: { 'untrusted-checkout': 'never' },
    why: "untrusted-checkout (a checkout of the pull request head under these triggers) is Scorecard's Dangerous-Workflow check, not a zizmor audit",
  },
  artipacked: {
    rule: 'gha-persisted-credentials',
    personas: { explicit: 'auditor', 'unknown-inputs': 'pedantic' },
  },
  'insecure-commands': { rule: 'gha-insecure-commands', personas: { expression: 'auditor' } },
  'secrets-inherit': { rule: 'gha-secrets-inherit' },
  'overprovisioned-secrets': { rule: 'gha-overprovisioned-secrets' },
  'excessive-permissions': {
    rule: 'gha-excessive-permissions',
    personas: { covered: 'pedantic' },
  },
  'bot-conditions': { rule: 'gha-bot-conditions' },
  'cache-poisoning': {
    rule: 'gha-cache-poisoning',
    why: 'a setup-uv pinned to a commit with no version comment caches or not by its version: zizmor assumes an old one (a finding), vouch reports it `unknown` (sub-rule version), counted here as a hit',
  },
  'self-hosted-runner': {
    rule: 'gha-self-hosted-runner',
    personas: { label: 'auditor', group: 'auditor', matrix: 'auditor' },
  },
  'known-vulnerable-actions': {
    rule: 'gha-known-vulnerable-actions',
    why: "zizmor asks GitHub's advisory API online and maps a SHA to its tag online; both its cases are online, so none is compared above. vouch reads the local store only: the SHA-pinned case is run offline below against a store holding an advisory for the action, and is `unknown` at zizmor's line, not `fail`",
  },
};

/** zizmor audits vouch does not implement (yet), by reason. */
const NOT_IMPLEMENTED = [
  'adhoc-packages',
  'anonymous-definition',
  'archived-uses',
  'concurrency-limits',
  'dependabot-cooldown',
  'dependabot-execution',
  'forbidden-uses',
  'github-app',
  'github-env',
  'impostor-commit',
  'insecure-url-scheme',
  'misfeature',
  'obfuscation',
  'ref-confusion',
  'ref-version-mismatch',
  'secrets-outside-env',
  'self-repository',
  'stale-action-refs',
  'superfluous-actions',
  'typosquat-uses',
  'undocumented-permissions',
  'unpinned-tools',
  'unredacted-secrets',
  'unsound-condition',
  'unsound-contains',
  'unsound-ternary',
  'use-trusted-publishing',
];

/** Cases where vouch and zizmor disagree on purpose: `case|audit|file|line` -> why. */
const DISAGREEMENTS: Record<string, string> = {
  'audit/template_injection.rs::test_multiline_expression_pedantic#1|missed|template-injection||26':
    "`fromJSON(inputs.x) && '_a' || ''`: the input only decides which literal expands (`a && b || c` yields b or c, never a); zizmor leaves `some.ctx` in that place on line 18 of the same file unreported",
  'audit/template_injection.rs::test_issue_1664#1|missed|template-injection||17':
    "`secrets.X && 'true' || '...'`: the secret only decides which literal expands, it is never pasted into the script",
};

interface Case {
  id: string;
  inputs: string[];
  persona: Persona;
  args: string[];
  network: string;
  config?: string;
  findings: { audit: string; file: string; line: number }[];
}

const expected = JSON.parse(readFileSync(join(ZIZMOR, 'expected.json'), 'utf8')) as { cases: Case[] };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The files of one input as zizmor collects them: a file, or a directory's workflows and actions. */
interface Input {
  file: string;
  model: ActionsFileModel;
  /** zizmor's own `# zizmor: ignore[audit]` comments, honoured as vouch honours its own. */
  ignores: InlineSuppression[];
}

function modelsOf(input: string): Input[] {
  const abs = join(ZIZMOR, 'test-data', input);
  const dir = statSync(abs).isDirectory();
  // zizmor skips what the input's .gitignore ignores, as vouch's inventory does
  const gitignore = join(abs, '.gitignore');
  const ignored = dir && existsSync(gitignore) ? ignore().add(readFileSync(gitignore, 'utf8')) : undefined;
  const paths = dir
    ? walk(abs).filter((p) => {
        const rel = relative(abs, p);
        if (ignored?.ignores(rel)) return false;
        return /(^|\/)action\.ya?ml$/.test(rel) || /^\.github\/workflows\/[^/]+\.ya?ml$/.test(rel);
      })
    : [abs];
  // zizmor's Dependabot audits read dependabot.yml; none of the audits compared here does
  return paths
    .filter((p) => !/(^|\/)dependabot\.ya?ml$/.test(p))
    .map((p) => {
      const rel = dir ? relative(abs, p) : '';
      const kind = kindOfPath(p) === 'action' ? 'action' : 'workflow';
      const text = readFileSync(p, 'utf8');
      const model = buildActionsFile({ path: rel, text, kind }) as ActionsFileModel;
      return { file: rel, model, ignores: inlineSuppressions(text, p, 'zizmor') };
    });
}

const byRule = new Map(Object.entries(AUDITS).map(([z, a]) => [a.rule, z]));
const auditProbes = probes.filter((p) => byRule.has(p.definition.id)) as ActionsAuditProbe[];

function zizmorTuples(findings: Finding[], persona: Persona, inputs: Input[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    // zizmor shows informational and undecided hits as findings too (at the persona the table gives)
    if (f.outcome !== 'fail' && f.outcome !== 'observation' && f.outcome !== 'unknown') continue;
    // a verdict about no line (an audit waiting on advisory data) has no (file, line) to compare
    if (f.location?.line === undefined) continue;
    const [rule, sub] = f.rule.split('/') as [string, string | undefined];
    const z = byRule.get(rule);
    if (!z) continue;
    const ignores = inputs.find((i) => i.file === (f.location?.path ?? ''))?.ignores;
    if (ignores && inlineSuppressionFor(ignores, z, f.location)) continue;
    const shown = (sub && AUDITS[z]!.personas?.[sub]) || 'regular';
    if (RANK[shown] > RANK[persona]) continue;
    out.add(`${z}|${f.location?.path ?? ''}|${f.location?.line}`);
  }
  return out;
}

const comparable = expected.cases.filter(
  (c) => c.network === 'offline' && !c.config && c.args.every((a) => /^--(persona=\w+|pedantic)$/.test(a)),
);

describe('GitHub Actions audits against the zizmor suite', () => {
  const stats = new Map<string, { expected: number; found: number; tp: number }>();
  const mismatches: string[] = [];
  let cleanCases = 0;
  const dirtyCases: string[] = [];
  const noFindingCases = comparable.filter((c) => c.findings.length === 0).length;
  for (const c of comparable) {
    const files = c.inputs.flatMap((i) => modelsOf(i));
    const findings = auditProbes.flatMap((p) => p.auditFiles(files.map((f) => f.model)));
    const found = zizmorTuples(findings, c.persona, files);
    const want = new Set(
      c.findings.filter((f) => AUDITS[f.audit]).map((f) => `${f.audit}|${f.file}|${f.line}`),
    );
    if (c.findings.length === 0) found.size === 0 ? cleanCases++ : dirtyCases.push(c.id);
    for (const z of Object.keys(AUDITS)) {
      const s = stats.get(z) ?? { expected: 0, found: 0, tp: 0 };
      for (const t of want) if (t.startsWith(`${z}|`)) s.expected++;
      for (const t of found) {
        if (!t.startsWith(`${z}|`)) continue;
        s.found++;
        if (want.has(t)) s.tp++;
      }
      stats.set(z, s);
    }
    for (const t of want) if (!found.has(t)) mismatches.push(`${c.id}|missed|${t}`);
    for (const t of found) if (!want.has(t)) mismatches.push(`${c.id}|extra|${t}`);
  }

  it('prints recall and precision per audit, each at least 95% once listed disagreements are set aside', () => {
    const listed = (z: string, kind: 'missed' | 'extra') =>
      mismatches.filter((m) => DISAGREEMENTS[m] && m.includes(`|${kind}|${z}|`)).length;
    const rows = [...stats].map(([z, s]) => {
      const ratio = (tp: number, n: number) => (n ? tp / n : 1);
      return {
        audit: z,
        expected: s.expected,
        found: s.found,
        tp: s.tp,
        recall: ratio(s.tp, s.expected),
        precision: ratio(s.tp, s.found),
        // a reasoned disagreement (DISAGREEMENTS) is neither a miss nor a false positive
        agreedRecall: ratio(s.tp, s.expected - listed(z, 'missed')),
        agreedPrecision: ratio(s.tp, s.found - listed(z, 'extra')),
      };
    });
    const total = rows.reduce((t, r) => ({ e: t.e + r.expected, f: t.f + r.found, tp: t.tp + r.tp }), {
      e: 0,
      f: 0,
      tp: 0,
    });
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.info(
      [
        'zizmor audit            expected  found  tp  recall  precision | without listed disagreements: recall  precision',
        ...rows.map(
          (r) =>
            `${r.audit.padEnd(24)}${String(r.expected).padStart(8)}${String(r.found).padStart(7)}${String(r.tp).padStart(4)}  ${pct(r.recall).padStart(6)}  ${pct(r.precision).padStart(9)} | ${' '.repeat(29)}${pct(r.agreedRecall).padStart(6)}  ${pct(r.agreedPrecision).padStart(9)}`,
        ),
        `${'TOTAL'.padEnd(24)}${String(total.e).padStart(8)}${String(total.f).padStart(7)}${String(total.tp).padStart(4)}  ${pct(total.tp / total.e).padStart(6)}  ${pct(total.tp / total.f).padStart(9)}`,
        `cases compared: ${comparable.length} of ${expected.cases.length} (offline, no --config); no-finding cases clean: ${cleanCases} of ${noFindingCases}`,
      ].join('\n'),
    );
    console.info(mismatches.map((m) => `${m}\n    why: ${DISAGREEMENTS[m] ?? 'NOT LISTED'}`).join('\n'));
    for (const r of rows) {
      expect(r.agreedRecall, r.audit).toBeGreaterThanOrEqual(0.95);
      expect(r.agreedPrecision, r.audit).toBeGreaterThanOrEqual(0.95);
      // against zizmor as it stands: at least 95%, or the floor the audit's `why` explains
      const floor = AUDITS[r.audit]!.floor ?? 0.95;
      expect(r.recall, r.audit).toBeGreaterThanOrEqual(floor);
      expect(r.precision, r.audit).toBeGreaterThanOrEqual(floor);
    }
  });

  it("keeps zizmor's no-finding cases clean", () => {
    expect(noFindingCases).toBeGreaterThan(30);
    expect(dirtyCases).toEqual([]);
  });

  it('disagrees with zizmor only where listed, with a reason', () => {
    expect(mismatches.filter((m) => !DISAGREEMENTS[m])).toEqual([]);
  });

  it('lists no disagreement that no longer happens', () => {
    expect(Object.keys(DISAGREEMENTS).filter((d) => !mismatches.includes(d))).toEqual([]);
  });

  it('covers every zizmor audit id: implemented, or listed as not implemented', () => {
    const ids = new Set(expected.cases.flatMap((c) => c.findings.map((f) => f.audit)));
    const unaccounted = [...ids].filter((id) => !AUDITS[id] && !NOT_IMPLEMENTED.includes(id));
    expect(unaccounted).toEqual([]);
  });
});

describe("known-vulnerable-actions: zizmor's online cases, run offline", () => {
  // made up for the test: an advisory the store could hold for the action zizmor's case uses
  const advisory = {
    id: 'GHSA-test-0000-0001',
    aliases: [],
    name: 'shivammathur/setup-php',
    entry: {
      package: { ecosystem: 'GitHub Actions', name: 'shivammathur/setup-php' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '99.0.0' }] }],
    },
  };
  const online = expected.cases.filter((c) => c.findings.some((f) => f.audit === 'known-vulnerable-actions'));

  it("reports at zizmor's lines, as unknown: a SHA pin names no release without a tag-to-commit map", () => {
    expect(online.length).toBeGreaterThan(0);
    for (const c of online) {
      const files = c.inputs.flatMap((i) => modelsOf(i));
      const found = knownVulnerableActions.auditFiles(
        files.map((f) => f.model),
        {
          store: 'present',
          file: '(test)',
          shown: '(test)',
          holdsEcosystem: true,
          byName: new Map([[advisory.name, [advisory]]]),
        },
      );
      const lines = [...new Set(c.findings.map((f) => f.line))];
      console.info(
        `${c.id}: zizmor fails lines ${lines.join(', ')} (online); vouch: ${found.map((f) => `${f.outcome} at ${f.location?.line}`).join(', ')}`,
      );
      expect(found.map((f) => [f.outcome, f.location?.line])).toEqual(lines.map((l) => ['unknown', l]));
    }
  });
});
