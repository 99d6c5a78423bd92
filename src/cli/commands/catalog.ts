/**
 * `vouch catalog list|show|search`: browse both Codes as vouch models them, with the probes that
 * evidence each requirement.
 */

import { type Command, Option } from 'commander';
import {
  type CatalogueCode,
  type CataloguePrinciple,
  type CatalogueRequirement,
  findRequirement,
  isRequirement,
  type LoadedCatalogue,
  loadCatalogue,
  searchCatalogue,
  suggestIds,
} from '../../catalogue/load.js';
import type { CodeId } from '../../catalogue/types.js';
import { oneLine, wordWrap } from '../../util/text.js';
import { VERSION } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';

/** Version of the JSON documents below; catalogue-list.schema.json describes version 1. */
export const CATALOGUE_JSON_SCHEMA_VERSION = '1';
const WIDTH = 100;

type Format = 'text' | 'json';

export function registerCatalogCommands(program: Command, io: CliIO = processIO): void {
  const catalog = program
    .command('catalog')
    .description('browse the Codes: principles, claims and provisions');
  const format = () =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');

  catalog
    .command('list')
    .description(
      'list the principles of each Code with their requirement counts; --claims (or `list claims`) lists every claim and provision too',
    )
    .argument('[what]', '"claims" (or "provisions"): every claim and provision under its principle')
    .addOption(new Option('--code <code>', 'only this Code').choices(['sscop', 'aicop']))
    .option('--claims', 'every claim and provision under its principle, with its paraphrase')
    .addOption(format())
    .action((what: string | undefined, opts: { code?: CodeId; format: Format; claims?: boolean }) => {
      if (what !== undefined && what !== 'claims' && what !== 'provisions') {
        io.err(
          `vouch: catalog list takes "claims" or nothing, not '${oneLine(what, 80)}'; e.g. vouch catalog list claims --code sscop\n`,
        );
        process.exitCode = EXIT.usage;
        return;
      }
      const catalogue = loadCatalogue();
      const codes = catalogue.codes.filter((code) => !opts.code || code.id === opts.code);
      // The JSON document always holds every requirement.
      if (opts.format === 'json') io.out(toJson(catalogueListDocument(codes)));
      else io.out(renderList(codes, Boolean(opts.claims || what)));
    });

  catalog
    .command('show')
    .description('show a principle, claim or provision, e.g. sscop:4.2, sscop:3.2.1, aicop:8.1.2')
    .argument('<id>', 'qualified id')
    .addOption(format())
    .action((id: string, opts: { format: Format }) => {
      const catalogue = loadCatalogue();
      const item = findRequirement(id, catalogue);
      if (!item) {
        const suggestions = suggestIds(id, 5, catalogue);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
        const form = id.includes(':') ? '' : ' Ids name their Code, like sscop:1.2.3 or aicop:8.1.2.';
        io.err(`vouch: no principle or requirement '${oneLine(id, 80)}' in the catalogue.${form}${hint}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (opts.format === 'json') io.out(toJson(showDocument(item, catalogue)));
      else
        io.out(isRequirement(item) ? renderRequirement(item, catalogue) : renderPrinciple(item, catalogue));
    });

  catalog
    .command('search')
    .description('search ids, titles and texts of both Codes (all words must match)')
    .argument('<query...>', 'words to look for')
    .addOption(format())
    .action((words: string[], opts: { format: Format }) => {
      const query = words.join(' ').trim();
      if (query.length === 0) {
        io.err('vouch: give some words to search for\n');
        process.exitCode = EXIT.usage;
        return;
      }
      const catalogue = loadCatalogue();
      const hits = searchCatalogue(query, catalogue);
      if (opts.format === 'json') {
        io.out(
          toJson({
            ...header(),
            query,
            results: hits.map(({ item, score }) => ({
              id: item.id,
              code: item.code,
              kind: isRequirement(item) ? item.kind : 'principle',
              ...(isRequirement(item) ? {} : { title: item.title }),
              text: item.text,
              score,
            })),
          }),
        );
        return;
      }
      if (hits.length === 0) {
        io.out(`No matches for '${oneLine(query, 80)}'.\n`);
        return;
      }
      const idWidth = Math.max(...hits.map(({ item }) => item.id.length));
      const lines = hits.map(({ item }) => {
        const label = isRequirement(item) ? item.text : `${item.title} (principle)`;
        return `${item.id.padEnd(idWidth)}  ${ellipsis(label, WIDTH - idWidth - 2)}`;
      });
      io.out(`${lines.join('\n')}\n\n${hits.length} match${hits.length === 1 ? '' : 'es'}\n`);
    });
}

// ---------- JSON ----------

function header() {
  return { schemaVersion: CATALOGUE_JSON_SCHEMA_VERSION, tool: { name: 'vouch', version: VERSION } };
}

function requirementJson(r: CatalogueRequirement) {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    text: r.text,
    strength: r.strength,
    automatable: r.automatable,
    ...(r.roles ? { roles: r.roles } : {}),
    ...(r.recipients ? { recipients: r.recipients } : {}),
    ...(r.phase ? { phase: r.phase } : {}),
    ...(r.etsiClause ? { etsiClause: r.etsiClause } : {}),
    ...(r.condition ? { condition: r.condition } : {}),
    ...(r.refs ? { refs: r.refs } : {}),
    ...(r.uncertain ? { uncertain: r.uncertain } : {}),
    probes: r.probes,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    evidenceIdeas: r.evidenceIdeas,
  };
}

function principleJson(p: CataloguePrinciple) {
  return {
    id: p.id,
    number: p.number,
    title: p.title,
    text: p.text,
    group: p.group,
    groupTitle: p.groupTitle,
    sourceUrl: p.sourceUrl,
    ...(p.etsiClause ? { etsiClause: p.etsiClause } : {}),
    ...(p.refs?.length ? { refs: p.refs } : {}),
    requirements: p.requirements.map(requirementJson),
  };
}

/** The document `catalog list --format json` prints (schemas/catalogue-list.schema.json). */
export function catalogueListDocument(codes: CatalogueCode[]) {
  return {
    ...header(),
    codes: codes.map((code) => ({
      id: code.id,
      title: code.title,
      shortName: code.shortName,
      publisher: code.publisher,
      published: code.published,
      sourceUrl: code.sourceUrl,
      ...(code.apcUrl ? { apcUrl: code.apcUrl } : {}),
      ...(code.etsiStandard ? { etsiStandard: code.etsiStandard } : {}),
      principles: code.principles.map(principleJson),
    })),
  };
}

function showDocument(item: CatalogueRequirement | CataloguePrinciple, catalogue: LoadedCatalogue) {
  if (!isRequirement(item)) return { ...header(), code: item.code, principle: principleJson(item) };
  const principle = catalogue.byId.get(item.principleId) as CataloguePrinciple;
  return {
    ...header(),
    code: item.code,
    principle: { id: principle.id, title: principle.title, sourceUrl: principle.sourceUrl },
    requirement: requirementJson(item),
  };
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---------- text ----------

function codeOf(id: CodeId, catalogue: LoadedCatalogue): CatalogueCode {
  return catalogue.codes.find((code) => code.id === id)!;
}

function shallShould(requirements: CatalogueRequirement[]): { shall: number; should: number } {
  const shall = requirements.filter((r) => r.strength === 'shall').length;
  return { shall, should: requirements.length - shall };
}

function renderList(codes: CatalogueCode[], withRequirements: boolean): string {
  const blocks = codes.map((code) => {
    const noun = code.id === 'sscop' ? 'claim' : 'provision';
    const idWidth = Math.max(...code.principles.map((p) => p.id.length));
    // AI CoP titles are long sentences; the short titles keep the table within WIDTH.
    const title = (p: CataloguePrinciple) => p.shortTitle ?? p.title;
    const titleWidth = Math.max(...code.principles.map((p) => title(p).length));
    const lines = [
      `${code.shortName}: ${code.title}`,
      `${code.publisher}, ${code.published}`,
      code.sourceUrl,
    ];
    let group = '';
    for (const p of code.principles) {
      if (p.group !== group) {
        group = p.group;
        lines.push('', code.id === 'sscop' ? `  Theme ${p.group}: ${p.groupTitle}` : `  ${p.groupTitle}`);
      }
      const n = p.requirements.length;
      let count = `${String(n).padStart(2)} ${noun}${n === 1 ? '' : 's'}`;
      if (code.id === 'aicop') {
        const { shall, should } = shallShould(p.requirements);
        count += ` (${shall} shall, ${should} should)`;
      }
      lines.push(`    ${p.id.padEnd(idWidth)}  ${title(p).padEnd(titleWidth)}  ${count}`);
      if (!withRequirements) continue;
      const requirementWidth = Math.max(...p.requirements.map((r) => r.id.length));
      for (const r of p.requirements) {
        const should = r.strength === 'should' ? ' (should)' : '';
        const lead = `      ${r.id.padEnd(requirementWidth)}  `;
        lines.push(wordWrap(`${r.text}${should}`, ' '.repeat(lead.length), lead));
      }
    }
    lines.push('', totals(code));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

function totals(code: CatalogueCode): string {
  const all = code.principles.flatMap((p) => p.requirements);
  if (code.id === 'sscop')
    return `${code.shortName}: ${code.principles.length} principles, ${all.length} claims`;
  const { shall, should } = shallShould(all);
  return `${code.shortName}: ${code.principles.length} principles, ${all.length} provisions (${shall} shall, ${should} should)`;
}

function renderPrinciple(p: CataloguePrinciple, catalogue: LoadedCatalogue): string {
  const code = codeOf(p.code, catalogue);
  const group =
    p.code === 'sscop' ? `theme ${p.group}: ${p.groupTitle}` : `${p.groupTitle.toLowerCase()} phase`;
  const noun = p.code === 'sscop' ? 'Claims' : 'Provisions';
  const lines = [
    `${p.id}  ${p.title}`,
    `${code.title}, ${group}`,
    ...fields([
      ['Source', p.sourceUrl],
      ['Claims from', code.apcUrl],
      ['ETSI clause', p.etsiClause ? `${p.etsiClause} (${code.etsiStandard})` : undefined],
      ['OSPS refs', p.refs?.join(', ')],
    ]),
    '',
    wordWrap(p.text, '  '),
    '',
    `${noun} (${p.requirements.length}):`,
  ];
  for (const r of p.requirements) {
    const tags = [r.code === 'aicop' ? r.strength : undefined, `automatable: ${r.automatable}`].filter(
      Boolean,
    );
    lines.push('', `  ${r.id}  ${tags.join(', ')}${r.uncertain ? ', number uncertain' : ''}`);
    lines.push(wordWrap(r.text, '    '));
    lines.push(...evidenceLines(r, '    '));
  }
  return `${lines.join('\n')}\n`;
}

function renderRequirement(r: CatalogueRequirement, catalogue: LoadedCatalogue): string {
  const code = codeOf(r.code, catalogue);
  const principle = catalogue.byId.get(r.principleId) as CataloguePrinciple;
  const lines = [
    `${r.id}  ${r.kind} ${r.number} of the ${code.title}`,
    ...fields([
      ['Principle', `${principle.id} ${principle.title}`],
      ['Strength', r.strength],
      ['Automatable', r.automatable],
      ['Roles', r.roles?.join(', ')],
      ['Informs', r.recipients?.join(', ')],
      ['Phase', r.phase],
      ['ETSI clause', r.etsiClause ? `${r.etsiClause} (${code.etsiStandard})` : undefined],
      ['OSPS refs', r.refs?.join(', ')],
      ['Source', principle.sourceUrl],
      ['Claims from', code.apcUrl],
    ]),
    '',
    wordWrap(r.text, '  '),
  ];
  if (r.condition) lines.push('', wordWrap(`Applies when: ${r.condition}`, '  '));
  if (r.uncertain) lines.push('', wordWrap(`Number uncertain: ${r.uncertain}`, '  '));
  lines.push('', 'How evidence decides it:', ...evidenceLines(r, '  '));
  lines.push('', 'Evidence ideas:', ...r.evidenceIdeas.map((idea) => wordWrap(idea, '    ', '  - ')));
  return `${lines.join('\n')}\n`;
}

/** The requirement's evidence rule: which checks suffice, support or refute, the host facts, the argument. */
function evidenceLines(r: CatalogueRequirement, indent: string): string[] {
  const rule = r.evidence;
  if (!rule) return [`${indent}decided by a person's attestation only`];
  const list = (ids: string[]) => (ids.length > 0 ? ids.join(', ') : 'none');
  return [
    `${indent}sufficient: ${list(rule.sufficient)}`,
    `${indent}supporting: ${list(rule.supporting)}`,
    `${indent}refutes:    ${list(rule.refutes)}`,
    ...(rule.host.length > 0 ? [`${indent}host facts: ${rule.host.join(', ')}`] : []),
    wordWrap(`why: ${rule.argument}`, indent),
  ];
}

function fields(rows: [string, string | undefined][]): string[] {
  const present = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  const width = Math.max(...present.map(([label]) => label.length)) + 1;
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${value}`);
}

function ellipsis(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
