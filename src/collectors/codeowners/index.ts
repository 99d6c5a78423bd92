/**
 * CODEOWNERS files (GitHub and GitLab syntax): each rule's pattern and owners with positions,
 * rules without owners, owners that are not valid names, and whether a catch-all rule exists.
 */
import type { Inventory } from '../../inventory/types.js';
import { type Collector, defineFact } from '../types.js';
import { MAX_TEXT_BYTES, readBounded } from '../util.js';

/** Where CODEOWNERS may live, in precedence order: GitHub uses the first of its three it finds. */
export const CODEOWNERS_LOCATIONS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
];

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  /** Owners came from the GitLab section header, not the line itself. */
  inherited: boolean;
  section?: string;
  line: number;
  column: number;
}

export interface CodeownersProblem {
  message: string;
  line: number;
  column: number;
}

export interface CodeownersFile {
  path: string;
  /** The file the platform reads (the first one present in precedence order). */
  effective: boolean;
  error?: string;
  truncated: boolean;
  rules: CodeownersRule[];
  /** Rules naming at least one owner (their own or their GitLab section's). */
  ownedRules: number;
  /** Rules with no owner: on GitHub these deliberately leave matching files unowned. */
  unownedRules: number;
  problems: CodeownersProblem[];
  /** A rule matching every file (`*`, `**`, `/**`) with at least one owner. */
  catchAll?: CodeownersRule;
}

export interface CodeownersFacts {
  files: CodeownersFile[];
}

const CATCH_ALL = new Set(['*', '**', '/*', '/**', '**/*', '/**/*']);
const OWNER =
  /^(?:@[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)*|[^\s@]+@[^\s@]+\.[^\s@]+)$/;
const SECTION = /^\^?\[([^\]]*)\](?:\[\d+\])?(.*)$/;

interface Token {
  text: string;
  column: number;
}

/** Splits on unescaped whitespace; a token starting with "#" ends the line (a comment). */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    if (line[i] === '#') break;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      if (line[i] === '\\' && i + 1 < line.length) {
        text += line[i + 1];
        i += 2;
      } else {
        text += line[i];
        i++;
      }
    }
    out.push({ text, column: start + 1 });
  }
  return out;
}

export function parseCodeowners(path: string, text: string): Omit<CodeownersFile, 'effective' | 'truncated'> {
  const file: Omit<CodeownersFile, 'effective' | 'truncated'> = {
    path,
    rules: [],
    ownedRules: 0,
    unownedRules: 0,
    problems: [],
  };
  let section: { name: string; owners: string[] } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const sec = SECTION.exec(trimmed);
    if (sec) {
      const owners = tokens(sec[2]!).map((t) => t.text);
      section = { name: sec[1]!.trim(), owners };
      continue;
    }
    const toks = tokens(line);
    const first = toks[0];
    if (!first) continue;
    if (first.text.startsWith('!') || /\[[^\]]*\]/.test(first.text)) {
      file.problems.push({
        message: `pattern ${first.text} uses syntax CODEOWNERS does not support`,
        line: n,
        column: first.column,
      });
    }
    const own = toks.slice(1);
    for (const o of own) {
      if (!OWNER.test(o.text)) {
        file.problems.push({
          message: `owner ${o.text} is not @user, @org/team or an email address`,
          line: n,
          column: o.column,
        });
      }
    }
    const valid = own.map((o) => o.text).filter((o) => OWNER.test(o));
    const inherited = valid.length === 0 && (section?.owners.length ?? 0) > 0;
    const rule: CodeownersRule = {
      pattern: first.text,
      owners: inherited ? [...section!.owners] : valid,
      inherited,
      ...(section ? { section: section.name } : {}),
      line: n,
      column: first.column,
    };
    file.rules.push(rule);
    if (rule.owners.length > 0) file.ownedRules++;
    else file.unownedRules++;
    if (CATCH_ALL.has(rule.pattern) && rule.owners.length > 0) file.catchAll = rule;
  }
  return file;
}

async function collectCodeowners(inventory: Inventory): Promise<CodeownersFacts> {
  const files: CodeownersFile[] = [];
  for (const path of CODEOWNERS_LOCATIONS) {
    if (!inventory.has(path)) continue;
    const effective = files.length === 0;
    const read = await readBounded(inventory, path, MAX_TEXT_BYTES, 'cut');
    if ('error' in read) {
      files.push({
        path,
        effective,
        error: read.error,
        truncated: false,
        rules: [],
        ownedRules: 0,
        unownedRules: 0,
        problems: [],
      });
      continue;
    }
    files.push({ ...parseCodeowners(path, read.text), effective, truncated: read.truncated });
  }
  return { files };
}

export const codeownersFact = defineFact<CodeownersFacts>('codeowners');

export const codeownersCollector: Collector<CodeownersFacts> = {
  fact: codeownersFact,
  collect: ({ inventory }) => collectCodeowners(inventory),
};
