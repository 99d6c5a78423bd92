/**
 * secretlint's recommended-preset snapshot cases (../shared/peer-suites/secrets, read in place):
 * recall on the cases that expect secrets and precision on those that expect none, for the rules
 * vouch implements, printed with every miss and its reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineIgnoreFor, parseInlineIgnores } from '../util/inline-suppressions.js';
import { type SecretRuleOptions, secretRules } from './rules.js';
import { SecretScanner } from './scan.js';

const SUITE = join(import.meta.dirname, '../../../shared/peer-suites/secrets');
const have = existsSync(join(SUITE, 'index.json'));

/** secretlint rule (or message id, where one rule covers several of ours) -> vouch rule ids. */
const RULE_MAP: Record<string, string[] | string> = {
  '@secretlint/secretlint-rule-aws': ['aws-access-key-id', 'aws-secret-access-key', 'aws-account-id'],
  '@secretlint/secretlint-rule-gcp': ['private-key'],
  '@secretlint/secretlint-rule-privatekey': ['private-key'],
  '@secretlint/secretlint-rule-npm': ['npm-token', 'npmrc-auth-token', 'git-url-oauth-token'],
  '@secretlint/secretlint-rule-basicauth': ['url-credentials'],
  '@secretlint/secretlint-rule-slack': ['slack-token', 'slack-webhook'],
  '@secretlint/secretlint-rule-sendgrid': ['sendgrid-api-key'],
  '@secretlint/secretlint-rule-shopify': ['shopify-token'],
  '@secretlint/secretlint-rule-stripe': ['stripe-secret-key'],
  '@secretlint/secretlint-rule-github': [
    'github-token',
    'github-app-installation-token',
    'github-fine-grained-token',
  ],
  '@secretlint/secretlint-rule-gitlab': ['gitlab-token'],
  '@secretlint/secretlint-rule-grafana': ['grafana-cloud-token', 'grafana-service-account-token'],
  '@secretlint/secretlint-rule-openai': ['openai-api-key'],
  '@secretlint/secretlint-rule-anthropic': ['anthropic-api-key'],
  '@secretlint/secretlint-rule-groq': ['groq-api-key'],
  '@secretlint/secretlint-rule-huggingface': ['huggingface-token'],
  '@secretlint/secretlint-rule-linear': ['linear-api-key'],
  '@secretlint/secretlint-rule-notion': ['notion-token'],
  '@secretlint/secretlint-rule-1password': ['onepassword-service-account-token'],
  '@secretlint/secretlint-rule-database-connection-string': ['database-url-credentials'],
  '@secretlint/secretlint-rule-hashicorp-vault': ['vault-token'],
  '@secretlint/secretlint-rule-vercel': ['vercel-token'],
  '@secretlint/secretlint-rule-databricks': ['databricks-token'],
  '@secretlint/secretlint-rule-docker': ['docker-token'],
  '@secretlint/secretlint-rule-figma': ['figma-token'],
  '@secretlint/secretlint-rule-cloudflare': ['cloudflare-token'],
  '@secretlint/secretlint-rule-tailscale': ['tailscale-key'],
  // The directive rule runs with two ad-hoc pattern rules (see the suite's README); vouch adds
  // them as user rules and reads secretlint's disable comments as allow comments.
  '@secretlint/secretlint-rule-filter-comments': ['secret-number', 'secret-alphabet'],
  '@secretlint/secretlint-rule-secret-number': ['secret-number'],
  '@secretlint/secretlint-rule-secret-alphabet': ['secret-alphabet'],
};

/** Cases vouch does not attempt, with the reason (listed as misses of unimplemented rules). */
const NOT_IMPLEMENTED: Record<string, string> = {
  'gcp/ng.privatekey-p12':
    'PKCS#12 files (binary, MAC checked with the well-known GCP password) are not scanned',
  'gcp/ng.privatekey-p12-sha256-mac': 'PKCS#12 files are not scanned',
  'gcp/ng.privatekey-p12-sha384-mac': 'PKCS#12 files are not scanned',
  'gcp/ng.privatekey-p12-sha512-mac': 'PKCS#12 files are not scanned',
};

interface Case {
  rule: string;
  dir: string;
  inputFile: string;
  namePrefix: string;
  expectSecrets: boolean;
  config: { id: string; options?: Record<string, unknown> }[];
  messages: {
    ruleId: string;
    messageId: string;
    range: [number, number];
    loc: { start: { line: number } };
  }[];
}

/** The case's secretlint options in vouch's terms (what vouch.yaml would say). */
function optionsFor(c: Case): SecretRuleOptions {
  const o: SecretRuleOptions = { allow: [], enable: [], disable: [], add: [] };
  for (const cfg of c.config) {
    const opts = cfg.options ?? {};
    if (Array.isArray(opts.allows)) o.allow!.push(...(opts.allows as string[]));
    if (cfg.id === '@secretlint/secretlint-rule-aws') {
      if (opts.enableIDScanRule === true) o.enable!.push('aws-account-id');
      if (opts.enableIDScanRule === false) o.disable!.push('aws-access-key-id');
    }
  }
  if (c.rule === '@secretlint/secretlint-rule-filter-comments') {
    o.add = [
      {
        id: 'secret-number',
        title: 'SECRET number',
        keywords: ['SECRET '],
        pattern: 'SECRET \\d{1,40}',
        severity: 'high',
        confidence: 'high',
      },
      {
        id: 'secret-alphabet',
        title: 'SECRET letter',
        keywords: ['SECRET '],
        pattern: 'SECRET [a-zA-Z]',
        severity: 'high',
        confidence: 'high',
      },
    ];
  }
  return o;
}

describe.skipIf(!have)('secretlint recommended preset (peer suite)', () => {
  it('meets 95% recall on ng cases and 95% precision on ok cases for the rules vouch implements', () => {
    const index = JSON.parse(readFileSync(join(SUITE, 'index.json'), 'utf8')) as { cases: Case[] };
    const misses: string[] = [];
    const falsePositives: string[] = [];
    const skipped: string[] = [];
    const otherRules: string[] = [];
    const n = { expected: 0, recalled: 0, okCases: 0, okClean: 0, ngCases: 0, ngFound: 0, genericOnOk: 0 };
    for (const c of index.cases) {
      if (NOT_IMPLEMENTED[c.dir]) {
        skipped.push(`${c.dir}: ${NOT_IMPLEMENTED[c.dir]}`);
        continue;
      }
      const { rules, limits } = secretRules(optionsFor(c));
      const text = readFileSync(join(SUITE, c.dir, c.inputFile), 'utf8');
      const ignores = parseInlineIgnores(text);
      const matches = new SecretScanner(rules, limits)
        .scanText(text)
        .filter((m) => !inlineIgnoreFor(ignores, m.rule, m.line));
      // secretlint runs each case with the rule under test alone; so does this comparison.
      // Findings of vouch's other rules are counted and printed, not scored.
      const mine = new Set(RULE_MAP[c.rule] ?? []);
      for (const m of matches.filter((x) => !mine.has(x.rule)))
        otherRules.push(`${c.dir}: ${m.rule}@${m.line}:${m.column}`);
      const gating = matches.filter((m) => m.gate && mine.has(m.rule));
      if (!c.expectSecrets) {
        n.okCases++;
        n.genericOnOk += matches.filter((m) => !m.gate).length;
        if (gating.length === 0) n.okClean++;
        else
          falsePositives.push(`${c.dir}: ${gating.map((m) => `${m.rule}@${m.line}:${m.column}`).join(', ')}`);
        continue;
      }
      n.ngCases++;
      let all = true;
      for (const msg of c.messages) {
        n.expected++;
        const ours = RULE_MAP[msg.ruleId] ?? [];
        const hit = gating.find(
          (m) =>
            ours.includes(m.rule) &&
            ((m.start < msg.range[1] && msg.range[0] < m.end) || m.line === msg.loc.start.line),
        );
        if (hit) n.recalled++;
        else {
          all = false;
          misses.push(`${c.dir}: ${msg.messageId} at [${msg.range.join(',')}] line ${msg.loc.start.line}`);
        }
      }
      if (all) n.ngFound++;
    }
    const recall = n.recalled / n.expected;
    const precision = n.okClean / n.okCases;
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(
      [
        `secretlint peer suite: recall ${pct(recall)} (${n.recalled}/${n.expected} expected messages; ${n.ngFound}/${n.ngCases} ng cases whole)`,
        `secretlint peer suite: precision ${pct(precision)} (${n.okClean}/${n.okCases} ok cases without a gating finding; generic rule, off the gate, reported ${n.genericOnOk} there)`,
        ...misses.map((m) => `  miss: ${m}`),
        ...falsePositives.map((m) => `  false positive: ${m}`),
        ...skipped.map((m) => `  not implemented: ${m}`),
        ...otherRules.map((m) => `  another vouch rule (not scored): ${m}`),
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});
