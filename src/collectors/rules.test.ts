import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PICKLE_GLOBALS_FILE } from '../ai/pickle/safe-globals.js';
import { SCOPE_FILE } from '../inventory/scope.js';
import { SECRETS_FILE } from '../secrets/rules.js';
import { loadEveryOwnedRuleFile } from './rule-file-owners.js';
import { loadRules, RULES_DIR, ruleFile, ruleFilesLoaded, rules, validateRuleFiles } from './rules.js';

function allRegexSources(): string[] {
  const r = rules();
  return [
    ...r.testCommands.commands.flatMap((c) => [c.regex, ...(c.unless ? [c.unless] : [])]),
    ...r.testCommands.actions.flatMap((a) => Object.values(a.params ?? {})),
    ...r.testCommands.scriptRunners.map((s) => s.regex),
    ...r.staticAnalysisTools.tools.flatMap((t) => [
      ...(t.commands ?? []),
      ...(t.configContains ? [t.configContains] : []),
    ]),
    ...r.dependencyUpdateTools.tools.flatMap((t) => t.commands ?? []),
    ...r.securityPolicy.contact.reportingUrls,
    r.securityPolicy.contact.urlContext,
    ...r.securityPolicy.contact.channelPhrases,
    ...r.securityPolicy.disclosure.report.map((s) => s.regex),
    ...r.securityPolicy.disclosure.handling.map((s) => s.regex),
    r.securityPolicy.responseTimes.duration,
    r.securityPolicy.responseTimes.context,
    r.securityPolicy.responseTimes.exclude,
    ...Object.values(r.securityPolicy.responseTimes.kinds),
    ...r.packageManagers.ecosystems.flatMap((e) =>
      e.manifests.flatMap((m) => [
        ...(m.dependencies?.regex ? [m.dependencies.regex] : []),
        ...(m.dependencies?.ignore ?? []),
      ]),
    ),
  ];
}

describe('rules', () => {
  it('loads every rule file in rules/ with version 1', () => {
    const r = loadRules();
    expect(r.packageManagers.version).toBe(1);
    expect(r.ciSystems.systems.map((s) => s.id)).toContain('github-actions');
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(
      expect.arrayContaining([
        'ci-systems.yaml',
        'dependency-update-tools.yaml',
        'package-managers.yaml',
        'security-policy.yaml',
        'static-analysis-tools.yaml',
        'test-commands.yaml',
      ]),
    );
    // Every rule file, including ones other modules load through ruleFile(), is versioned.
    for (const f of files) expect(readFileSync(new URL(f, RULES_DIR), 'utf8'), f).toMatch(/^version: \d+$/m);
  });

  it('has unique ids within each list', () => {
    const r = rules();
    for (const ids of [
      r.ciSystems.systems.map((s) => s.id),
      r.testCommands.commands.map((c) => c.id),
      r.staticAnalysisTools.tools.map((t) => t.id),
      r.dependencyUpdateTools.tools.map((t) => t.id),
      r.packageManagers.ecosystems.map((e) => e.id),
    ]) {
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('runs every regex over hostile lines to the end (no catastrophic backtracking)', () => {
    const sources = allRegexSources();
    expect(sources.length).toBeGreaterThan(80);
    const hostile = [
      `${'-a '.repeat(650)}x`,
      `npm ${'-x '.repeat(600)}z`,
      `make ${'a '.repeat(900)};`,
      `mvn ${'mvn '.repeat(450)}`,
      `within ${'1 '.repeat(900)}`,
      `report ${'vulnerability '.repeat(140)}`,
      `${'a@'.repeat(900)}`,
      `${'x.'.repeat(900)}@`,
    ];
    for (const source of sources) {
      const re = new RegExp(source, 'gi');
      for (const line of hostile) {
        for (const _ of line.matchAll(re)) {
          // Enumerating every match is the work a backtracking pattern could not finish.
        }
      }
    }
  });

  it('loads a rule file of another module through ruleFile(), once', () => {
    const schema = z.object({ version: z.literal(1), systems: z.array(z.object({ id: z.string() })) });
    const a = ruleFile('ci-systems.yaml', () => schema.loose());
    expect(a.systems.length).toBeGreaterThan(5);
    expect(ruleFile('ci-systems.yaml', () => schema.loose())).toBe(a);
  });

  it('knows who loads every rule file, so the build can ship each one validated', () => {
    loadEveryOwnedRuleFile();
    const owned = Object.keys(ruleFilesLoaded());
    const shipped = new Set([
      ...Object.values(validateRuleFiles()).map((f) => f.name),
      SCOPE_FILE,
      SECRETS_FILE,
      PICKLE_GLOBALS_FILE,
      ...owned,
    ]);
    expect([...shipped].sort()).toEqual(
      readdirSync(RULES_DIR)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    );
    expect(owned).toEqual(
      expect.arrayContaining(['ai-indicators.yaml', 'secure-defaults.yaml', 'licences.yaml']),
    );
  });

  it('rejects a malformed rule file with its name and the path of the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-rules-'));
    for (const f of readdirSync(RULES_DIR)) writeFileSync(join(dir, f), readFileSync(new URL(f, RULES_DIR)));
    const broken = readFileSync(join(dir, 'test-commands.yaml'), 'utf8').replace(
      "regex: '(?:^|[\\s;&|(])(?:bun|deno)\\s+test\\b'",
      "regex: '(unclosed'",
    );
    writeFileSync(join(dir, 'test-commands.yaml'), broken);
    expect(() => loadRules(pathToFileURL(`${dir}/`))).toThrow(
      /rules\/test-commands\.yaml: commands\.\d+\.regex: not a valid JavaScript regular expression/,
    );
    writeFileSync(join(dir, 'test-commands.yaml'), broken.replace('version: 1', 'version: 2'));
    expect(() => loadRules(pathToFileURL(`${dir}/`))).toThrow(/rules\/test-commands\.yaml: version/);
  });
});
