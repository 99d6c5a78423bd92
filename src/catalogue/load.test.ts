import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SHARED } from '../../test/helpers/lockfile-peer-suite.js';
import { probeIds } from '../probes/definitions.js';
import {
  CatalogueError,
  type CataloguePrinciple,
  type CatalogueRequirement,
  findRequirement,
  isRequirement,
  loadCatalogue,
  referencedProbeIds,
  searchCatalogue,
  suggestIds,
} from './load.js';
import type { EvidenceFile } from './schema.js';
import { sscopFileSchema } from './schema.js';
import { loadCatalogueFrom } from './validate.js';

const DATA = fileURLToPath(new URL('../../catalogue/', import.meta.url));
const catalogue = loadCatalogue();
const code = (id: 'sscop' | 'aicop') => catalogue.codes.find((c) => c.id === id)!;
const requirements = (id: 'sscop' | 'aicop') => code(id).principles.flatMap((p) => p.requirements);
const perPrinciple = (id: 'sscop' | 'aicop') =>
  Object.fromEntries(code(id).principles.map((p) => [p.number, p.requirements.length]));

describe('catalogue counts', () => {
  it('has 14 SSCoP principles in 4 themes and 45 claims, split as in the APC', () => {
    expect(code('sscop').principles).toHaveLength(14);
    expect(new Set(code('sscop').principles.map((p) => p.group))).toEqual(new Set(['1', '2', '3', '4']));
    expect(requirements('sscop')).toHaveLength(45);
    expect(perPrinciple('sscop')).toEqual({
      '1.1': 6,
      '1.2': 5,
      '1.3': 3,
      '1.4': 5,
      '2.1': 6,
      '2.2': 4,
      '3.1': 2,
      '3.2': 2,
      '3.3': 2,
      '3.4': 2,
      '3.5': 2,
      '4.1': 3,
      '4.2': 1,
      '4.3': 2,
    });
  });

  it('has 13 AI CoP principles and 72 provisions, 49 shall and 23 should', () => {
    expect(code('aicop').principles).toHaveLength(13);
    const all = requirements('aicop');
    expect(all).toHaveLength(72);
    expect(all.filter((r) => r.strength === 'shall')).toHaveLength(49);
    expect(all.filter((r) => r.strength === 'should')).toHaveLength(23);
    expect(perPrinciple('aicop')).toEqual({
      '1': 5,
      '2': 9,
      '3': 7,
      '4': 5,
      '5': 7,
      '6': 6,
      '7': 6,
      '8': 6,
      '9': 6,
      '10': 5,
      '11': 4,
      '12': 4,
      '13': 2,
    });
  });

  it.skipIf(!existsSync(join(SHARED, 'catalogue/sscop.yaml')))('agrees with the researched counts', () => {
    const sscop = parse(readFileSync(join(SHARED, 'catalogue/sscop.yaml'), 'utf8'));
    const aicop = parse(readFileSync(join(SHARED, 'catalogue/aicop.yaml'), 'utf8'));
    expect(perPrinciple('sscop')).toEqual(sscop.meta.counts.apc_claims_per_principle);
    // Its keys are YAML integers; the catalogue's numbers are strings.
    expect(perPrinciple('aicop')).toEqual({ ...aicop.catalogue.counts.per_principle });
  });
});

describe('ids and content', () => {
  const items = [...catalogue.byId.values()];

  it('qualifies every id with its code and keeps them unique', () => {
    const ids = catalogue.codes.flatMap((c) =>
      c.principles.flatMap((p) => [p.id, ...p.requirements.map((r) => r.id)]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogue.byId.size).toBe(ids.length);
    for (const item of items) {
      expect(item.id).toBe(`${item.code}:${item.number}`);
      const pattern = isRequirement(item)
        ? item.code === 'sscop'
          ? /^sscop:\d\.\d\.\d$/
          : /^aicop:\d{1,2}\.\d(\.\d)?$/
        : item.code === 'sscop'
          ? /^sscop:\d\.\d$/
          : /^aicop:\d{1,2}$/;
      expect(item.id).toMatch(pattern);
    }
  });

  it('nests each requirement under its principle number', () => {
    for (const c of catalogue.codes) {
      for (const p of c.principles) {
        for (const r of p.requirements) {
          expect(r.principleId).toBe(p.id);
          expect(r.number.startsWith(`${p.number}.`)).toBe(true);
          expect(r.kind).toBe(c.id === 'sscop' ? 'claim' : 'provision');
        }
      }
    }
  });

  it('gives every principle a paraphrase and an https source link, and every claim a paraphrase', () => {
    for (const c of catalogue.codes) {
      expect(c.sourceUrl).toMatch(/^https:\/\/www\.gov\.uk\//);
      for (const p of c.principles) {
        expect(p.text.length).toBeGreaterThan(40);
        expect(p.sourceUrl).toMatch(/^https:\/\//);
        for (const r of p.requirements) {
          expect(r.text.trim().length).toBeGreaterThan(20);
          expect(r.evidenceIdeas.length).toBeGreaterThan(0);
        }
      }
    }
    expect(code('sscop').apcUrl).toMatch(/^https:\/\/www\.ncsc\.gov\.uk\//);
  });

  it('flags the three SSCoP claims whose numbering is in doubt, and only those', () => {
    const flagged = requirements('sscop')
      .filter((r) => r.uncertain)
      .map((r) => r.id);
    expect(flagged).toEqual(['sscop:1.2.3', 'sscop:4.3.1', 'sscop:4.3.2']);
  });

  it('maps AI CoP provisions to roles and ETSI EN 304 223 clauses', () => {
    const roles = new Set(['developer', 'system-operator', 'data-custodian', 'end-user', 'affected-entity']);
    for (const r of requirements('aicop')) {
      expect(r.roles!.length).toBeGreaterThan(0);
      for (const role of [...r.roles!, ...(r.recipients ?? [])]) expect(roles.has(role)).toBe(true);
      expect(r.phase).toMatch(/^(design|development|deployment|maintenance|end-of-life)$/);
    }
    expect((findRequirement('aicop:8.1.2') as CatalogueRequirement).etsiClause).toBe('5.2.4-1.2');
    expect((findRequirement('aicop:13.2') as CatalogueRequirement).etsiClause).toBe('5.5.1-2');
    expect((findRequirement('aicop:5.4') as CatalogueRequirement).roles).toContain('end-user');
    expect((findRequirement('aicop:10.3') as CatalogueRequirement).recipients).toContain('affected-entity');
    expect((findRequirement('aicop:2.4') as CatalogueRequirement).condition).toMatch(/external component/);
  });

  it('types every SSCoP claim as shall and carries OSPS Baseline refs where the crosswalk has them', () => {
    expect(requirements('sscop').every((r) => r.strength === 'shall')).toBe(true);
    expect((findRequirement('sscop:1.1.4') as CatalogueRequirement).refs).toEqual([
      'OSPS-AC-03',
      'OSPS-BR-02',
      'OSPS-BR-04',
    ]);
    expect((findRequirement('sscop:1.1.1') as CatalogueRequirement).refs).toBeUndefined();
  });
});

describe('evidence map', () => {
  const evidence = parse(readFileSync(join(DATA, 'evidence.yaml'), 'utf8')) as EvidenceFile;

  it('only names probes that have a folder with a probe.yaml', () => {
    const known = new Set(probeIds());
    for (const rule of Object.values(evidence))
      for (const p of [...(rule.sufficient ?? []), ...(rule.supporting ?? []), ...(rule.refutes ?? [])])
        expect(known.has(p), p).toBe(true);
    for (const p of referencedProbeIds()) expect(known.has(p), p).toBe(true);
  });

  it('copies each evidence rule onto its requirement, and nothing else', () => {
    let ruled = 0;
    for (const item of catalogue.byId.values()) {
      if (!isRequirement(item)) continue;
      const rule = evidence[item.id];
      if (!rule) {
        expect(item.evidence).toBeUndefined();
        expect(item.probes).toEqual([]);
        continue;
      }
      ruled++;
      expect(item.evidence?.argument).toBe(rule.argument);
      expect(item.evidence?.sufficient).toEqual(rule.sufficient ?? []);
      expect(new Set(item.probes)).toEqual(
        new Set([...(rule.sufficient ?? []), ...(rule.supporting ?? []), ...(rule.refutes ?? [])]),
      );
    }
    expect(ruled).toBe(Object.keys(evidence).length);
  });

  it('gives every SSCoP claim an evidence rule with its argument, and never lets a refuting-only probe decide', () => {
    for (const item of catalogue.byId.values()) {
      if (!isRequirement(item) || !item.id.startsWith('sscop:')) continue;
      expect(item.evidence, item.id).toBeDefined();
      expect(item.evidence!.argument.length, item.id).toBeGreaterThan(60);
    }
    for (const item of catalogue.byId.values()) {
      if (!isRequirement(item) || item.probes.length === 0) continue;
      // A probe that only refutes would make a claim not-met without anything able to make it met or partial.
      for (const p of item.evidence!.refutes)
        expect([...item.evidence!.sufficient, ...item.evidence!.supporting], `${item.id} ${p}`).toContain(p);
    }
  });

  it('maps disclosure probes to 3.2 and leaves manifest findings unmapped', () => {
    expect((findRequirement('sscop:3.2.1') as CatalogueRequirement).probes).toContain(
      'security-policy-present',
    );
    expect((findRequirement('sscop:3.2.2') as CatalogueRequirement).probes).toContain(
      'security-policy-contact',
    );
    expect((findRequirement('sscop:3.5.1') as CatalogueRequirement).probes).toContain(
      'security-policy-response-times',
    );
    expect((findRequirement('sscop:2.2.2') as CatalogueRequirement).probes).toContain('codeowners-present');
    expect(referencedProbeIds()).not.toContain('attestation-expired');
    expect(referencedProbeIds()).not.toContain('ai-use-undeclared');
  });

  it('lists the referenced probe ids once each, sorted', () => {
    const ids = referencedProbeIds();
    expect(ids).toEqual([...new Set(ids)].sort());
    const named = Object.values(evidence).flatMap((r) => [
      ...(r.sufficient ?? []),
      ...(r.supporting ?? []),
      ...(r.refutes ?? []),
    ]);
    expect(ids).toEqual([...new Set(named)].sort());
  });
});

describe('loader', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of the catalogue folder with one file replaced. */
  function copyWith(file: string, content: string): string {
    dir = mkdtempSync(join(tmpdir(), 'vouch-catalogue-'));
    for (const name of ['sscop.yaml', 'aicop.yaml', 'evidence.yaml']) {
      writeFileSync(join(dir, name), readFileSync(join(DATA, name)));
    }
    writeFileSync(join(dir, file), content);
    return dir;
  }

  it('caches the catalogue', () => {
    expect(loadCatalogue()).toBe(catalogue);
  });

  it('loads an unchanged copy with the same version', () => {
    const copy = loadCatalogueFrom(
      copyWith('evidence.yaml', readFileSync(join(DATA, 'evidence.yaml'), 'utf8')),
    );
    expect(copy.version).toBe(catalogue.version);
    expect(copy.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('rejects a copy with a claim missing, naming the file and the principle', () => {
    const sscop = parse(readFileSync(join(DATA, 'sscop.yaml'), 'utf8'));
    sscop.themes[3].principles[1].claims = [];
    sscop.themes[0].principles[1].claims.pop();
    const load = () => loadCatalogueFrom(copyWith('sscop.yaml', stringify(sscop)));
    expect(load).toThrow(CatalogueError);
    expect(load).toThrow(/catalogue\/sscop\.yaml/);
    expect(load).toThrow(/themes\[3\]\.principles\[1\]\.claims/);
    expect(load).toThrow(/principle 1\.2 has 5 claims, found 4/);
  });

  it('rejects misnumbered claims and unknown fields', () => {
    const sscop = parse(readFileSync(join(DATA, 'sscop.yaml'), 'utf8'));
    sscop.themes[0].principles[0].claims[1].number = '1.1.7';
    sscop.themes[1].principles[0].claims[0].strenght = 'shall';
    const result = sscopFileSchema.safeParse(sscop);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(messages).toMatch(/strenght/);
    // The structure check only runs once the shape is valid.
    delete sscop.themes[1].principles[0].claims[0].strenght;
    const again = sscopFileSchema.safeParse(sscop);
    expect(again.error!.issues.map((i) => i.message)).toContain('expected claim 1.1.2, found "1.1.7"');
  });

  it('rejects an AI CoP copy with a provision retyped, so the shall/should totals change', () => {
    const text = readFileSync(join(DATA, 'aicop.yaml'), 'utf8');
    const aicop = parse(text);
    aicop.phases[0].principles[0].provisions[3].strength = 'shall';
    expect(() => loadCatalogueFrom(copyWith('aicop.yaml', stringify(aicop)))).toThrow(
      /expected 49 shall provisions, found 50/,
    );
  });

  it('rejects a wrong ETSI clause', () => {
    const aicop = parse(readFileSync(join(DATA, 'aicop.yaml'), 'utf8'));
    aicop.phases[1].principles[3].provisions[2].etsi_clause = '5.2.4-1.3';
    expect(() => loadCatalogueFrom(copyWith('aicop.yaml', stringify(aicop)))).toThrow(
      /provision 8\.1\.2 should map to ETSI 5\.2\.4-1\.2/,
    );
  });

  it('rejects evidence for an unknown requirement or for a principle', () => {
    const base = readFileSync(join(DATA, 'evidence.yaml'), 'utf8');
    expect(() =>
      loadCatalogueFrom(
        copyWith('evidence.yaml', `${base}\nsscop:3.2.9: { argument: x, supporting: [ci-present] }\n`),
      ),
    ).toThrow(/evidence\.yaml is invalid:\n {2}sscop:3\.2\.9: no such requirement/);
    expect(() =>
      loadCatalogueFrom(
        copyWith('evidence.yaml', `${base}\naicop:6: { argument: x, supporting: [ci-present] }\n`),
      ),
    ).toThrow(/aicop:6: is a principle/);
    expect(() =>
      loadCatalogueFrom(
        copyWith('evidence.yaml', `${base}\naicop:1.1: { argument: x, supporting: [Not_A_Probe] }\n`),
      ),
    ).toThrow(/kebab-case/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => loadCatalogueFrom(copyWith('evidence.yaml', 'sscop:1.1.1: [a\n'))).toThrow(
      /catalogue\/evidence\.yaml: not valid YAML/,
    );
  });
});

describe('lookup and search', () => {
  it('finds principles and requirements by qualified id, ignoring case and spaces', () => {
    const principle = findRequirement('SSCoP : 4.2') as CataloguePrinciple;
    expect(principle.title).toMatch(/one year/);
    expect(principle.requirements.map((r) => r.id)).toEqual(['sscop:4.2.1']);
    expect(findRequirement('aicop:8.1.2')?.number).toBe('8.1.2');
    expect(findRequirement('sscop:9.9')).toBeUndefined();
    expect(findRequirement('1.2.3')).toBeUndefined();
  });

  it('suggests the closest ids, and both Codes for a bare number', () => {
    expect(suggestIds('sscop:4.9')).toEqual(['sscop:4.1', 'sscop:4.2', 'sscop:4.3']);
    expect(suggestIds('1.2.2')).toEqual(['sscop:1.2.2', 'aicop:1.2.2']);
    expect(suggestIds('nothing-like-an-id')).toEqual([]);
  });

  it('ranks an exact id first, then title matches above text matches', () => {
    expect(searchCatalogue('sscop:3.2.1')[0]!.item.id).toBe('sscop:3.2.1');
    const disclosure = searchCatalogue('Disclosure').map((h) => h.item.id);
    expect(disclosure[0]).toBe('sscop:3.2');
    expect(disclosure).toContain('sscop:3.2.2');
    expect(disclosure).toContain('aicop:6.4');
  });

  it('needs every word to match and finds requirements through their probes', () => {
    const hits = searchCatalogue('multi-factor authentication').map((h) => h.item.id);
    expect(hits).toContain('sscop:1.4.2');
    expect(hits).not.toContain('sscop:2.1.5');
    expect(searchCatalogue('codeowners').map((h) => h.item.id)).toEqual(['sscop:2.2.2']);
    expect(searchCatalogue('   ')).toEqual([]);
    expect(searchCatalogue('xyzzy plugh')).toEqual([]);
  });
});
