/**
 * go.mod, with go.sum beside it. `require` lines (single and block forms; `// indirect` marks
 * transitive ones), `replace` (the replacement is what gets built: its path and version are reported,
 * at the replace line; a local directory replacement has no version), `exclude`, and the Go toolchain
 * as the `stdlib` component (from `toolchain`, else `go`), as osv-scalibr does. Before Go 1.17 go.mod
 * did not list every module in the build, so for those the go.sum modules are reported too.
 * go.sum `h1:` hashes (base64 SHA-256 of the module tree) become SHA-256 hashes of the components.
 */

import { oneLine } from '../../../../util/text.js';
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  Hash,
  SourceLocation,
} from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { readOptional, sizeError, splitLines } from '../../support/text.js';

const goModFormat = infoFor(import.meta.url);

const ID = goModFormat.id;

const DIRECTIVES = new Set([
  'module',
  'go',
  'toolchain',
  'godebug',
  'require',
  'exclude',
  'replace',
  'retract',
  'tool',
  'ignore',
]);

interface ModuleVersion {
  path: string;
  /** Without the leading "v"; "" for a local directory. */
  version: string;
  line: number;
}

interface Requirement extends ModuleVersion {
  indirect: boolean;
}

interface Replacement {
  old: { path: string; version?: string };
  new: { path: string; version: string; local: boolean };
  line: number;
}

interface GoMod {
  goVersion?: { value: string; line: number };
  toolchain?: { value: string; line: number };
  requires: Requirement[];
  replaces: Replacement[];
  excludes: ModuleVersion[];
  /** A block left open at the end of the file (read anyway). */
  unterminated?: string;
  error?: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const SLASH = 0x2f;
const QUOTE = 0x22;
const BACKQUOTE = 0x60;
const BACKSLASH = 0x5c;

/** Splits a go.mod line into tokens (quoted "…" and `…` tokens unquoted) and its // comment. Linear. */
function tokenize(line: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (c === SLASH && line.charCodeAt(i + 1) === SLASH) return { tokens, comment: line.slice(i + 2).trim() };
    if (c === QUOTE || c === BACKQUOTE) {
      let j = i + 1;
      let escaped = false;
      while (j < n && line.charCodeAt(j) !== c) {
        if (c === QUOTE && line.charCodeAt(j) === BACKSLASH) {
          escaped = true;
          j++;
        }
        j++;
      }
      const raw = line.slice(i + 1, Math.min(j, n));
      tokens.push(escaped ? raw.replace(/\\(.)/g, '$1') : raw);
      i = j + 1;
      continue;
    }
    if (c === 0x28 || c === 0x29) {
      tokens.push(line[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const d = line.charCodeAt(j);
      if (d === SPACE || d === TAB || d === CR || d === 0x28 || d === 0x29 || d === QUOTE || d === BACKQUOTE)
        break;
      if (d === SLASH && line.charCodeAt(j + 1) === SLASH) break;
      j++;
    }
    tokens.push(line.slice(i, j));
    i = j;
  }
  return { tokens, comment: '' };
}

/** The first word of a line, read without tokenizing the rest (a directive check must be cheap). */
function firstWord(line: string): string {
  const m = /^[ \t]*([A-Za-z_]{1,32})/.exec(line);
  return m ? m[1]! : line.trimStart().slice(0, 40);
}

const stripV = (v: string) => (v.startsWith('v') ? v.slice(1) : v);

/** Module paths never start with "." or "/"; directories (and Windows drive paths) do. */
const isLocalPath = (p: string) => /^(?:\.\.?(?:[/\\]|$)|[/\\]|[A-Za-z]:[/\\])/.test(p);

function parseGoMod(text: string, path: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [], excludes: [] };
  const lines = splitLines(text);
  let block: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = lines[n]!;
    if (!block) {
      const word = firstWord(line);
      if (word && !word.startsWith('//') && !DIRECTIVES.has(word)) {
        mod.error = `could not extract ${path}: unknown directive "${oneLine(word, 40)}" at ${lineNo}:1`;
        return mod;
      }
    }
    const { tokens, comment } = tokenize(line);
    if (tokens.length === 0) continue;
    let verb: string;
    let args: string[];
    if (block) {
      if (tokens[0] === ')') {
        block = undefined;
        continue;
      }
      verb = block;
      args = tokens;
    } else {
      verb = tokens[0]!;
      if (!DIRECTIVES.has(verb)) {
        mod.error = `could not extract ${path}: unknown directive "${oneLine(verb, 40)}" at ${lineNo}:1`;
        return mod;
      }
      if (tokens[1] === '(') {
        if (tokens[2] !== ')') block = verb;
        continue;
      }
      args = tokens.slice(1);
    }
    switch (verb) {
      case 'go':
        if (args[0]) mod.goVersion = { value: args[0], line: lineNo };
        break;
      case 'toolchain':
        if (args[0]) mod.toolchain = { value: args[0], line: lineNo };
        break;
      case 'require':
        if (args.length >= 2) {
          const indirect = /^indirect(?:;|$)/.test(comment);
          mod.requires.push({ path: args[0]!, version: stripV(args[1]!), line: lineNo, indirect });
        }
        break;
      case 'exclude':
        if (args.length >= 2) mod.excludes.push({ path: args[0]!, version: stripV(args[1]!), line: lineNo });
        break;
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow > 2 || !args[arrow + 1]) break;
        const newPath = args[arrow + 1]!;
        const local = isLocalPath(newPath);
        mod.replaces.push({
          old: { path: args[0]!, ...(arrow === 2 ? { version: stripV(args[1]!) } : {}) },
          new: { path: newPath, version: local ? '' : stripV(args[arrow + 2] ?? ''), local },
          line: lineNo,
        });
        break;
      }
      default:
        break; // module, godebug, retract, tool, ignore: nothing to report
    }
  }
  if (block) mod.unterminated = block;
  return mod;
}

interface SumEntry {
  line: number;
  hash?: Hash;
}

/** go.sum: "module version h1:base64" lines; "/go.mod" lines hash only the go.mod file and are skipped. */
function parseGoSum(text: string): Map<string, SumEntry> {
  const out = new Map<string, SumEntry>();
  const lines = splitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const parts = lines[n]!.trim().split(/\s+/);
    if (parts.length !== 3) continue;
    const [module, version, hash] = parts as [string, string, string];
    if (version.endsWith('/go.mod') || !version.startsWith('v')) continue;
    const key = `${module}@${stripV(version)}`;
    if (out.has(key)) continue;
    const entry: SumEntry = { line: n + 1 };
    if (hash.startsWith('h1:')) {
      const bytes = Buffer.from(hash.slice(3), 'base64');
      if (bytes.length === 32) entry.hash = { alg: 'SHA-256', content: bytes.toString('hex') };
    }
    out.set(key, entry);
  }
  return out;
}

/** "1.16" < "1.17": true for Go versions before 1.17 (and when there is no go directive, as Go assumes 1.16). */
function beforeGo117(goVersion: string | undefined): boolean {
  if (!goVersion) return true;
  const m = /^(\d+)\.(\d+)/.exec(goVersion);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 1 || (major === 1 && minor < 17);
}

function goPurl(name: string, version: string): string {
  return purlFor('golang', name, version ? `v${version}` : undefined);
}

export interface GoModOptions {
  /** Leave out `// indirect` requirements and go.sum-only modules (osv-scalibr's ExcludeIndirect). */
  excludeIndirect?: boolean;
}

export function createGoModExtractor(options: GoModOptions = {}): Extractor {
  async function extract(input: ExtractInput): Promise<ExtractionResult> {
    const base = { path: input.path, extractor: ID };
    const tooBig = sizeError(input.path, input.text);
    if (tooBig) return { ...base, components: [], error: tooBig };
    const mod = parseGoMod(input.text, input.path);
    if (mod.error) return { ...base, components: [], error: mod.error };

    const sumPath = input.path.endsWith('.mod') ? `${input.path.slice(0, -4)}.sum` : `${input.path}.sum`;
    const sumText = await readOptional(input.readSibling, sumPath);
    const sums = sumText === undefined ? new Map<string, SumEntry>() : parseGoSum(sumText);
    const notes: string[] = [];
    if (mod.unterminated) notes.push(`${mod.unterminated} block not closed before the end of the file`);
    const components: Component[] = [];
    const byKey = new Map<string, Component>();

    const add = (name: string, version: string, location: SourceLocation, direct: boolean, local = false) => {
      const key = `${name}@${version}`;
      const existing = byKey.get(key);
      if (existing) {
        if (direct) existing.direct = true;
        return;
      }
      const c: Component = {
        ecosystem: 'golang',
        name,
        version,
        pinned: !local,
        purl: goPurl(name, version),
        scope: 'prod',
        direct,
        source: local ? 'path' : 'registry',
        ...(local ? { sourceRef: name } : {}),
        location,
      };
      const sum = sums.get(key);
      if (sum) {
        if (sum.hash) c.hashes = [sum.hash];
        if (location.path !== sumPath) c.related = [{ path: sumPath, line: sum.line }];
      }
      byKey.set(key, c);
      components.push(c);
    };

    const excluded = new Set(mod.excludes.map((e) => `${e.path}@${e.version}`));
    // "path version =>" replaces one version, "path =>" every version (Go rejects conflicting duplicates; keep the first).
    const replaceExact = new Map<string, Replacement>();
    const replaceAny = new Map<string, Replacement>();
    for (const x of mod.replaces) {
      if (x.old.version === undefined) {
        if (!replaceAny.has(x.old.path)) replaceAny.set(x.old.path, x);
      } else if (!replaceExact.has(`${x.old.path}@${x.old.version}`)) {
        replaceExact.set(`${x.old.path}@${x.old.version}`, x);
      }
    }
    for (const r of mod.requires) {
      if (options.excludeIndirect && r.indirect) continue;
      if (excluded.has(`${r.path}@${r.version}`)) {
        notes.push(`${r.path}@v${r.version} is required but excluded (line ${r.line})`);
        continue;
      }
      const rep = replaceExact.get(`${r.path}@${r.version}`) ?? replaceAny.get(r.path);
      if (rep) {
        add(rep.new.path, rep.new.version, { path: input.path, line: rep.line }, !r.indirect, rep.new.local);
        const c = byKey.get(`${rep.new.path}@${rep.new.version}`);
        // A local directory has no registry identity: the purl names the module it stands in for.
        if (c && rep.new.local) c.purl = goPurl(r.path, '');
      } else {
        add(r.path, r.version, { path: input.path, line: r.line }, !r.indirect);
      }
    }
    if (!options.excludeIndirect && beforeGo117(mod.goVersion?.value) && sums.size > 0) {
      for (const [key, entry] of sums) {
        if (byKey.has(key)) continue;
        const at = key.lastIndexOf('@');
        add(key.slice(0, at), key.slice(at + 1), { path: sumPath, line: entry.line }, false, false);
      }
    }

    const toolchain = mod.toolchain && /^go(\d+(?:\.\d+)*)/.exec(mod.toolchain.value);
    const stdlib = toolchain
      ? { version: toolchain[1]!, line: mod.toolchain!.line }
      : mod.goVersion && /^\d+(?:\.\d+)*$/.test(mod.goVersion.value)
        ? { version: mod.goVersion.value, line: mod.goVersion.line }
        : undefined;
    if (stdlib) {
      // go / toolchain give the minimum Go to build with; the toolchain actually used is unknown,
      // so the version is kept (vulnerability matching needs it) but never counted as a pin.
      components.push({
        ecosystem: 'golang',
        name: 'stdlib',
        version: stdlib.version,
        pinned: false,
        toolchain: true,
        constraint: `>=${stdlib.version}`,
        purl: goPurl('stdlib', stdlib.version),
        scope: 'prod',
        source: 'registry',
        location: { path: input.path, line: stdlib.line },
      });
    }
    const rootDependsOn = components.filter((c) => c.direct).map((c) => c.purl);
    return { ...base, components, rootDependsOn, ...(notes.length ? { notes } : {}) };
  }

  return { ...goModFormat, extract };
}

export const goModExtractor: Extractor = createGoModExtractor();
