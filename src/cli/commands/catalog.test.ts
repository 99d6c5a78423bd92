import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../version.js';
import type { CliIO } from '../io.js';
import { registerCatalogCommands } from './catalog.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/catalogue-list.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: under NodeNext its default import is module.exports, which has .default.
addFormats.default(ajv);
const validateList = ajv.compile(schema);

/** Runs `vouch <args>` in-process and returns what it wrote and the exit code it set. */
async function run(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    isTTY: false,
  };
  const program = new Command()
    .name('vouch')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerCatalogCommands(program, io);
  let code = 0;
  try {
    await program.parseAsync(['node', 'vouch', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? -1;
  }
  return { out, err, code };
}

afterEach(() => {
  // A command that fails sets process.exitCode; do not let it leak into the test runner's exit.
  process.exitCode = undefined;
});

describe('catalog list', () => {
  it('prints both Codes with per-principle counts and totals', async () => {
    const { out, err, code } = await run('catalog', 'list');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('SSCoP: 14 principles, 45 claims');
    expect(out).toContain('AI CoP: 13 principles, 72 provisions (49 shall, 23 should)');
    expect(out).toMatch(/sscop:1\.2 +Software composition and third-party component risk +5 claims\n/);
    expect(out).toMatch(/sscop:4\.2 +End-of-support notice of at least one year +1 claim\n/);
    expect(out).toMatch(/aicop:8 +Documentation +6 provisions \(3 shall, 3 should\)\n/);
    expect(out).toContain('Theme 3: Secure deployment and maintenance');
  });

  it('aligns the count column within each Code', async () => {
    const { out } = await run('catalog', 'list', '--code', 'sscop');
    const rows = out.split('\n').filter((line) => /^ {4}sscop:\d\.\d /.test(line));
    expect(rows).toHaveLength(14);
    expect(new Set(rows.map((row) => row.search(/\d+ claims?$/))).size).toBe(1);
    expect(out).not.toContain('aicop');
  });

  it('lists every claim and provision with --claims or `list claims`', async () => {
    const plain = await run('catalog', 'list');
    expect(plain.out).not.toMatch(/^ +sscop:1\.1\.2 /m);
    for (const args of [['--claims'], ['claims']]) {
      const { out, code } = await run('catalog', 'list', ...args);
      expect(code).toBe(0);
      expect(out.match(/^ {6}sscop:\d+\.\d+\.\d+ /gm)).toHaveLength(45);
      expect(out.match(/^ {6}aicop:\d+\.\d+(\.\d+)? /gm)).toHaveLength(72);
      expect(out).toMatch(/^ {6}sscop:1\.1\.2 +Developers are trained/m);
    }
    const bad = await run('catalog', 'list', 'principals');
    expect(bad.err).toMatch(/takes "claims" or nothing/);
  });

  it('filters by --code', async () => {
    const { out } = await run('catalog', 'list', '--code', 'aicop');
    expect(out).toContain('AI CoP: 13 principles');
    expect(out).not.toContain('sscop:');
  });

  it('rejects an unknown --code through commander', async () => {
    const { err, code } = await run('catalog', 'list', '--code', 'iso27001');
    expect(code).toBe(1);
    expect(err).toMatch(/Allowed choices are sscop, aicop/);
  });

  it('prints JSON that validates against the published schema', async () => {
    const { out, code } = await run('catalog', 'list', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    const valid = validateList(doc);
    expect(validateList.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.tool).toEqual({ name: 'vouch', version: VERSION });
    expect(doc.codes.map((c: { id: string }) => c.id)).toEqual(['sscop', 'aicop']);
    const count = (i: number) =>
      doc.codes[i].principles.reduce(
        (n: number, p: { requirements: unknown[] }) => n + p.requirements.length,
        0,
      );
    expect(count(0)).toBe(45);
    expect(count(1)).toBe(72);
    const claim = doc.codes[0].principles[7].requirements[0];
    expect(claim).toMatchObject({ id: 'sscop:3.2.1', kind: 'claim', strength: 'shall' });
    expect(claim.probes).toContain('security-policy-present');
    const provision = doc.codes[1].principles[7].requirements[2];
    expect(provision).toMatchObject({ id: 'aicop:8.1.2', etsiClause: '5.2.4-1.2', roles: ['developer'] });
  });

  it('has a schema that catches a malformed document', () => {
    const broken = { schemaVersion: '1', tool: { name: 'vouch', version: '1' }, codes: [{ id: 'sscop' }] };
    expect(validateList(broken)).toBe(false);
  });

  it('prints JSON for one Code', async () => {
    const doc = JSON.parse((await run('catalog', 'list', '--code', 'aicop', '-f', 'json')).out);
    expect(validateList(doc)).toBe(true);
    expect(doc.codes).toHaveLength(1);
    expect(doc.codes[0].etsiStandard).toMatch(/EN 304 223/);
  });
});

describe('catalog show', () => {
  it('shows a principle with its paraphrase, source, claims and their probes', async () => {
    const { out, code } = await run('catalog', 'show', 'sscop:4.2');
    expect(code).toBe(0);
    expect(out).toMatch(/^sscop:4\.2 {2}End-of-support notice of at least one year\n/);
    expect(out).toContain('Source:');
    expect(out).toContain('https://www.gov.uk/government/publications/software-security-code-of-practice');
    expect(out).toContain('sscop:4.2.1');
    expect(out).toMatch(/at least a year in advance/);
    // 4.2.1 is computed from the declared support dates: the rule says so and gives the argument.
    expect(out).toMatch(
      /sufficient: support-end-notice\n {4}supporting: none\n {4}refutes: {4}support-end-notice\n {4}why: The notice is computed/,
    );
  });

  it("shows each claim's evidence rule: sufficient, supporting and refuting checks, host facts, argument", async () => {
    const { out } = await run('catalog', 'show', 'sscop:3.2');
    // A claim's block is its id line followed by lines indented four spaces.
    const fieldOf = (id: string, field: string) =>
      new RegExp(`^ {2}${id.replace(/\./g, '\\.')} .*\n(?: {4}.*\n)*? {4}${field}: +(.*)$`, 'm').exec(
        out,
      )?.[1];
    expect(fieldOf('sscop:3.2.1', 'sufficient')).toBe(
      'security-policy-present, security-policy-disclosure-process',
    );
    expect(fieldOf('sscop:3.2.1', 'supporting')).toBe('security-txt-valid, security-policy-quality');
    expect(fieldOf('sscop:3.2.2', 'sufficient')).toBe('security-policy-contact');
    expect(fieldOf('sscop:3.2.2', 'host facts')).toBe(
      'organizationSecurityPolicy, privateVulnerabilityReporting',
    );
    expect(fieldOf('sscop:3.2.2', 'why')).toMatch(/private reporting channel/);
  });

  it('prints the sufficiency rule and argument of every claim of 3.3', async () => {
    const { out } = await run('catalog', 'show', 'sscop:3.3');
    expect(out).toMatch(
      /sscop:3\.3\.1[\s\S]*sufficient: vulnerabilities-monitored[\s\S]*supporting: dependency-update-tool[\s\S]*host facts: dependabotSecurityUpdates[\s\S]*why: Keeping knowledge of public vulnerabilities current/,
    );
    expect(out).toMatch(/sscop:3\.3\.2[\s\S]*why: Assessing and prioritising/);
  });

  it('shows a claim with its principle, automatable, evidence ideas and probes', async () => {
    const { out } = await run('catalog', 'show', 'sscop:1.2.1');
    expect(out).toMatch(/^Principle: +sscop:1\.2 Software composition/m);
    expect(out).toMatch(/^Automatable: +partial$/m);
    expect(out).toMatch(
      /^How evidence decides it:\n {2}sufficient: composition-known, sbom-published\n {2}supporting: lockfile-committed$/m,
    );
    expect(out).toMatch(/^Evidence ideas:\n {2}- /m);
    expect(out).toMatch(/^OSPS refs: +OSPS-BR-05/m);
  });

  it('shows the number doubt on an uncertain claim', async () => {
    const { out } = await run('catalog', 'show', 'sscop:4.3.2');
    expect(out).toContain('Number uncertain:');
  });

  it('shows an AI CoP provision with roles, ETSI clause and condition', async () => {
    const { out } = await run('catalog', 'show', 'aicop:6.2');
    expect(out).toMatch(/^Strength: +shall$/m);
    expect(out).toMatch(/^Roles: +developer$/m);
    expect(out).toMatch(/^ETSI clause: +5\.2\.2-2 \(ETSI EN 304 223/m);
    expect(out).toMatch(/Applies when: the Developer offers an API/);
  });

  it('prints JSON for a claim', async () => {
    const doc = JSON.parse((await run('catalog', 'show', 'sscop:3.5.1', '--format', 'json')).out);
    expect(doc.requirement).toMatchObject({
      id: 'sscop:3.5.1',
      probes: ['security-policy-response-times', 'vulnerabilities-monitored', 'vulnerabilities-overdue'],
    });
    expect(doc.principle.id).toBe('sscop:3.5');
  });

  it('reports an unknown id on stderr with suggestions and exit code 2', async () => {
    const { out, err, code } = await run('catalog', 'show', 'sscop:4.9');
    expect(out).toBe('');
    expect(code).toBe(2);
    expect(err).toContain("'sscop:4.9'");
    expect(err).toContain('Did you mean sscop:4.1, sscop:4.2, sscop:4.3?');
  });

  it('explains qualified ids when given a bare number', async () => {
    const { err, code } = await run('catalog', 'show', '3.2.1');
    expect(code).toBe(2);
    expect(err).toContain('Ids name their Code');
    expect(err).toContain('sscop:3.2.1');
  });

  it('keeps control characters from an unknown id out of the terminal', async () => {
    const { err } = await run('catalog', 'show', 'x\u001b[2Jy');
    expect(err).not.toContain('\u001b');
  });
});

describe('catalog search', () => {
  it('lists matches with ids, best first', async () => {
    const { out, code } = await run('catalog', 'search', 'vulnerability', 'disclosure');
    expect(code).toBe(0);
    const ids = out
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter((id) => id?.includes(':'));
    expect(ids[0]).toBe('sscop:3.2');
    expect(ids).toContain('aicop:6.4');
    expect(out).toMatch(/\n\d+ matches\n$/);
  });

  it('says so when nothing matches', async () => {
    const { out, code } = await run('catalog', 'search', 'xyzzy');
    expect(code).toBe(0);
    expect(out).toBe("No matches for 'xyzzy'.\n");
  });

  it('prints JSON results with scores', async () => {
    const doc = JSON.parse((await run('catalog', 'search', 'hashes', '--format', 'json')).out);
    expect(doc.query).toBe('hashes');
    expect(doc.results.map((r: { id: string }) => r.id)).toContain('aicop:8.1.2');
    const scores = doc.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
