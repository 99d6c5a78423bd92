/**
 * CI configuration: which systems are configured, and for each file the commands it runs and the
 * actions / tasks / templates it uses, with 1-based positions. GitHub Actions files are read
 * through the one Actions model (src/models/github-actions, adapted in ./github-actions.ts). Other
 * systems' YAML is walked as a syntax tree
 * (never converted to objects), with a budget on visited nodes and alias expansions so an alias
 * bomb or a huge file becomes an error entry for that file instead of a hang.
 */

import type { Alias, Scalar, Document as YamlDocument, Node as YamlNode } from 'yaml';
import type { DocumentCache } from '../../inventory/documents.js';
import { ciPipelineGlobs, limitFor } from '../../inventory/scope.js';
import type { Inventory } from '../../inventory/types.js';
import type { Action, Workflow } from '../../models/github-actions/index.js';
import { joinPath } from '../../util/glob.js';
import { lineStarts, positionAt } from '../../util/position.js';
import { isAlias, isMap, isScalar, isSeq, yamlLibrary, yamlNestingError } from '../../util/yaml.js';
import { type CiSystemRule, ruleRegex, rules } from '../rules.js';
import { type Collector, defineFact } from '../types.js';
import { errorText, filesMatching, MAX_CONFIG_BYTES, readBounded } from '../util.js';
import { ciFileFromModel, parseGithubActionsCi } from './github-actions.js';

export interface CiCommand {
  job?: string;
  /** Where in the file: "jobs.build.steps[2].run". */
  where: string;
  /** The key that holds the command (run, script, commands, sh ...). */
  key: string;
  text: string;
  /** Position of the first character of `text`. */
  line: number;
  column: number;
  /**
   * When true, line i of `text` is source line `line + i`, starting at column `indent + 1` for
   * i > 0 (YAML literal blocks, Groovy strings). Otherwise only `line` is known.
   */
  lineMapped: boolean;
  indent: number;
  /** GitHub Actions: the text with constant `${{ env.X }}` substituted, when that changes it. */
  expanded?: string;
  /** GitHub Actions: why a failure of this command cannot fail the job (`|| true`, continue-on-error ...). */
  exitIgnored?: string;
  /**
   * GitHub Actions: why a failure on line i (0-based) of `text` cannot fail the job, per line
   * (`|| true` on that line, `set +e` before it, continue-on-error); lines that can fail it are absent.
   */
  lineExitIgnored?: Record<number, string>;
  /** GitHub Actions workflows: the events that may run this command (job and step `if:` applied). */
  events?: string[];
}

export interface CiUses {
  job?: string;
  where: string;
  /** uses, task, template, include, image, orbs, step ... */
  key: string;
  ref: string;
  /** String parameters given beside it (GitHub `with`, Azure `inputs`). */
  params?: Record<string, string>;
  line: number;
  column: number;
}

export interface CiFile {
  path: string;
  system: string;
  /** A workflow / pipeline file, or a local composite action a workflow uses. */
  role: 'pipeline' | 'local-action';
  /** False when the file could not be read or parsed; `error` says why. */
  parsed: boolean;
  error?: string;
  jobs: string[];
  commands: CiCommand[];
  uses: CiUses[];
  /** GitHub Actions: the events under `on:`. */
  triggers?: string[];
  /** GitHub Actions: the `paths:` filter of each event that has one (the workflow runs only for changes there). */
  triggerPaths?: Record<string, string[]>;
  /** GitHub Actions: the model this entry was read from (the audits in src/probes/gha-* read it). */
  model?: Workflow | Action;
}

export interface MakeTarget {
  prerequisites: string[];
  recipe: string[];
  line: number;
}

export interface CiFacts {
  systems: { id: string; name: string; files: string[] }[];
  files: CiFile[];
  /** Root package.json scripts and Makefile targets, so a probe can follow `npm run ci` / `make ci` one step. */
  packageScripts: Record<string, string>;
  makeTargets: Record<string, MakeTarget>;
  /** Shell scripts in the repository that CI, package scripts or make targets run, by path. */
  scriptFiles: Record<string, string>;
  /** Problems reading task-runner files (never fatal). */
  notes: string[];
}

/** Visits of YAML nodes per file, aliases expanded; a real workflow needs a few thousand. */
const MAX_NODE_VISITS = 2_000_000;
/** Alias expansions per file; the YAML bomb pattern needs millions. */
const MAX_ALIAS_EXPANSIONS = 1_000;
const MAX_DEPTH = 200;

class WalkLimit extends Error {}

interface WalkState {
  doc: YamlDocument.Parsed;
  /** Each alias's anchored node, found in one pass (Alias.resolve rescans the document per call). */
  anchors: Map<Alias, YamlNode>;
  system: CiSystemRule;
  starts: number[];
  source: string;
  visits: number;
  aliases: number;
  out: CiFile;
  jobs: Set<string>;
}

const JOB_NAME_KEYS = ['job', 'stage', 'deployment', 'name', 'label', 'key', 'template'];

function aliasTargets(doc: YamlDocument.Parsed): Map<Alias, YamlNode> {
  const byName = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  yamlLibrary().visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = byName.get(node.source);
        if (target) targets.set(node, target);
      } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
        byName.set(node.anchor, node as YamlNode);
      }
    },
  });
  return targets;
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? undefined : String(v);
}

function isBlock(node: unknown): node is Scalar {
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
}

/**
 * Where a block scalar's text starts: the node itself starts at the "|" / ">" header, the text on
 * the next line, at the block's indentation (taken from the first non-blank line).
 */
function blockStart(state: WalkState, headerLine: number): { line: number; column: number; indent: number } {
  const line = headerLine + 1;
  for (let l = line; l <= state.starts.length && l < line + 1000; l++) {
    const lineText = state.source.slice(state.starts[l - 1], state.starts[l] ?? state.source.length);
    if (lineText.trim() !== '') {
      const indent = lineText.length - lineText.trimStart().length;
      return { line, column: indent + 1, indent };
    }
  }
  return { line, column: 1, indent: 0 };
}

/** 1-based position of a node's text (for block scalars, of the first text line). */
function pos(state: WalkState, node: YamlNode | null | undefined): { line: number; column: number } {
  const at = positionAt(state.starts, node?.range?.[0] ?? 0);
  if (!isBlock(node)) return at;
  const b = blockStart(state, at.line);
  return { line: b.line, column: b.column };
}

function commandFrom(
  state: WalkState,
  node: Scalar,
  base: Omit<CiCommand, 'text' | 'line' | 'column' | 'lineMapped' | 'indent'>,
  alias?: YamlNode,
) {
  const text = scalarString(node);
  if (text === undefined || text.trim() === '') return;
  if (alias) {
    // Text reached through an alias: point at the alias (where it runs); lines cannot be mapped.
    state.out.commands.push({ ...base, text, ...pos(state, alias), lineMapped: false, indent: 0 });
    return;
  }
  let command: CiCommand = { ...base, text, ...pos(state, node), lineMapped: false, indent: 0 };
  if (isBlock(node)) {
    const b = blockStart(state, positionAt(state.starts, node.range?.[0] ?? 0).line);
    command = {
      ...command,
      line: b.line,
      column: b.column,
      lineMapped: node.type === 'BLOCK_LITERAL',
      indent: b.indent,
    };
  }
  state.out.commands.push(command);
}

function paramsOf(
  state: WalkState,
  mapNode: YamlNode | null | undefined,
): Record<string, string> | undefined {
  const node = resolveAlias(state, mapNode);
  if (!isMap(node)) return undefined;
  const params: Record<string, string> = {};
  for (const pair of node.items) {
    const k = scalarString(pair.key);
    const v = scalarString(resolveAlias(state, pair.value as YamlNode));
    if (k !== undefined && v !== undefined) params[k] = v;
  }
  return params;
}

function pathString(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

function lastKey(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return p;
  }
  return undefined;
}

interface WalkContext {
  path: (string | number)[];
  job?: string;
  /** Set while inside the value of a `uses`-like key: scalars there are references. */
  usesKey?: string;
  depth: number;
}

function tick(state: WalkState, ctx: WalkContext) {
  state.visits++;
  if (state.visits > MAX_NODE_VISITS)
    throw new WalkLimit(`more than ${MAX_NODE_VISITS} YAML nodes after alias expansion`);
  if (ctx.depth > MAX_DEPTH) throw new WalkLimit(`nesting deeper than ${MAX_DEPTH} levels`);
}

function resolveAlias(state: WalkState, node: YamlNode | null | undefined): YamlNode | null | undefined {
  if (!isAlias(node)) return node;
  state.aliases++;
  if (state.aliases > MAX_ALIAS_EXPANSIONS) {
    throw new WalkLimit(`more than ${MAX_ALIAS_EXPANSIONS} alias expansions (YAML alias bomb?)`);
  }
  return state.anchors.get(node);
}

function recordCommands(state: WalkState, value: YamlNode | null | undefined, ctx: WalkContext, key: string) {
  tick(state, ctx);
  const node = resolveAlias(state, value);
  if (isScalar(node)) {
    const base = { ...(ctx.job ? { job: ctx.job } : {}), where: pathString(ctx.path), key };
    commandFrom(state, node, base, isAlias(value) ? (value as YamlNode) : undefined);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      recordCommands(state, item as YamlNode, { ...ctx, path: [...ctx.path, i], depth: ctx.depth + 1 }, key);
    });
  } else if (isMap(node)) {
    // `run: { command: ... }` (CircleCI): look inside for command keys.
    walk(state, node, { ...ctx, depth: ctx.depth + 1 });
  }
}

function walk(state: WalkState, value: YamlNode | null | undefined, ctx: WalkContext): void {
  tick(state, ctx);
  const node = resolveAlias(state, value);
  const sys = state.system;
  const here = lastKey(ctx.path) ?? '';
  const jobsHere =
    ctx.path.length === 0
      ? sys.jobsAt.includes('')
      : sys.jobsAt.includes(here) && typeof ctx.path[ctx.path.length - 1] === 'string';
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = scalarString(pair.key);
      if (key === undefined) continue;
      const path = [...ctx.path, key];
      let job = ctx.job;
      if (jobsHere && !(ctx.path.length === 0 && sys.notJobs.includes(key))) {
        job = key;
        state.jobs.add(key);
      }
      const child: WalkContext = { path, depth: ctx.depth + 1, ...(job ? { job } : {}) };
      if (sys.commandKeys.includes(key)) {
        recordCommands(state, pair.value as YamlNode, child, key);
        continue;
      }
      const usesKey = sys.usesKeys.includes(key) ? key : ctx.usesKey;
      if (usesKey !== undefined) {
        const target = resolveAlias(state, pair.value as YamlNode);
        const ref = scalarString(target)?.trim();
        if (ref !== undefined) {
          let params: Record<string, string> | undefined;
          for (const pk of sys.paramKeys) {
            const sibling = node.items.find((p) => scalarString(p.key) === pk);
            if (sibling) params = { ...params, ...paramsOf(state, sibling.value as YamlNode) };
          }
          state.out.uses.push({
            ...(job ? { job } : {}),
            where: pathString(path),
            key: sys.usesKeys.includes(key) ? key : usesKey,
            ref,
            ...(params ? { params } : {}),
            ...pos(state, (isAlias(pair.value) ? pair.value : target) as YamlNode),
          });
          continue;
        }
        walk(state, target, { ...child, usesKey });
        continue;
      }
      walk(state, pair.value as YamlNode, child);
    }
  } else if (isSeq(node)) {
    const stepRefs = sys.stepRefKeys.includes(here);
    node.items.forEach((raw, i) => {
      const path = [...ctx.path, i];
      const item = resolveAlias(state, raw as YamlNode);
      let job = ctx.job;
      if (jobsHere && isMap(item)) {
        const named = JOB_NAME_KEYS.map((k) => item.items.find((p) => scalarString(p.key) === k))
          .map((p) => scalarString(p?.value))
          .find((v) => v !== undefined);
        job = named ?? `#${i}`;
        state.jobs.add(job);
      }
      const child: WalkContext = { path, depth: ctx.depth + 1, ...(job ? { job } : {}) };
      const ref = scalarString(item)?.trim();
      if (ref !== undefined && (ctx.usesKey !== undefined || stepRefs)) {
        state.out.uses.push({
          ...(job ? { job } : {}),
          where: pathString(path),
          key: ctx.usesKey ?? 'step',
          ref,
          ...pos(state, item as YamlNode),
        });
        return;
      }
      if (stepRefs && isMap(item) && item.items.length === 1) {
        // CircleCI `- node/test: { ... }`: an orb command with parameters.
        const only = item.items[0]!;
        const name = scalarString(only.key);
        if (name?.includes('/')) {
          const params = paramsOf(state, only.value as YamlNode);
          state.out.uses.push({
            ...(job ? { job } : {}),
            where: pathString(path),
            key: 'step',
            ref: name,
            ...(params ? { params } : {}),
            ...pos(state, only.key as YamlNode),
          });
          return;
        }
      }
      walk(state, item, { ...child, ...(ctx.usesKey ? { usesKey: ctx.usesKey } : {}) });
    });
  }
}

/** Parses one YAML CI file into commands and uses. Never throws. */
export function parseYamlCi(
  path: string,
  text: string,
  system: CiSystemRule,
  role: CiFile['role'] = 'pipeline',
): CiFile {
  // GitHub Actions files are read through the one Actions model
  if (system.id === 'github-actions') return parseGithubActionsCi(path, text, system.id, role);
  const out: CiFile = { path, system: system.id, role, parsed: false, jobs: [], commands: [], uses: [] };
  const tooDeep = yamlNestingError(text);
  if (tooDeep) {
    out.error = `not analysed: ${tooDeep}`;
    return out;
  }
  try {
    const { LineCounter, parseAllDocuments } = yamlLibrary();
    const lineCounter = new LineCounter();
    // maxAliasCount only guards toJS(), which is never called here: the walk below has its own
    // alias and node budgets.
    const docs = parseAllDocuments(text, {
      prettyErrors: false,
      lineCounter,
      // Error on duplicate keys, as GitHub does.
      uniqueKeys: true,
    });
    const starts = lineStarts(text);
    const errors = [...docs].flatMap((d) => d.errors);
    if (errors.length > 0) {
      const first = errors[0]!;
      const at = positionAt(lineStarts(text), first.pos[0]);
      out.error = `YAML error at line ${at.line}, column ${at.column}: ${first.message.split('\n', 1)[0]}`;
      return out;
    }
    const jobs = new Set<string>();
    for (const doc of docs) {
      const anchors = aliasTargets(doc);
      const state: WalkState = {
        doc,
        anchors,
        system,
        starts,
        source: text,
        visits: 0,
        aliases: 0,
        out,
        jobs,
      };
      walk(state, doc.contents as YamlNode, { path: [], depth: 0 });
    }
    out.jobs = [...jobs];
    out.parsed = true;
  } catch (e) {
    // WalkLimit, or a parser failure (deep nesting can overflow the stack).
    out.commands = [];
    out.uses = [];
    out.jobs = [];
    out.error = e instanceof WalkLimit ? `not analysed: ${e.message}` : `cannot parse: ${errorText(e)}`;
  }
  return out;
}

/** Bounded length of one Groovy string literal we read. */
const MAX_GROOVY_STRING = 100_000;
const JENKINS_STEP = /\b(sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?:'''|"""|'|")/g;
const JENKINS_STAGE = /\bstage\s*\(\s*(['"])([^'"\n]{1,200})\1/g;

/** Reads `sh` / `bat` / `powershell` steps out of a Jenkinsfile without evaluating it. */
export function parseJenkinsfile(path: string, text: string): CiFile {
  const out: CiFile = {
    path,
    system: 'jenkins',
    role: 'pipeline',
    parsed: true,
    jobs: [],
    commands: [],
    uses: [],
  };
  const starts = lineStarts(text);
  const stages: { offset: number; name: string }[] = [];
  for (const m of text.matchAll(JENKINS_STAGE)) stages.push({ offset: m.index, name: m[2]! });
  out.jobs = [...new Set(stages.map((s) => s.name))];
  for (const m of text.matchAll(JENKINS_STEP)) {
    const quote = m[0].endsWith("'''") ? "'''" : m[0].endsWith('"""') ? '"""' : m[0].slice(-1);
    const start = m.index + m[0].length;
    let end = -1;
    if (quote.length === 3) {
      end = text.indexOf(quote, start);
      if (end - start > MAX_GROOVY_STRING) end = -1;
    } else {
      for (let i = start; i < text.length && i - start < MAX_GROOVY_STRING; i++) {
        const c = text[i];
        if (c === '\\') i++;
        else if (c === quote) {
          end = i;
          break;
        } else if (c === '\n') break;
      }
    }
    if (end < 0) continue;
    const body = text.slice(start, end);
    if (body.trim() === '') continue;
    const at = positionAt(starts, start);
    const stage = stages.filter((s) => s.offset < m.index).pop();
    out.commands.push({
      ...(stage ? { job: stage.name } : {}),
      where: `${m[1]}@${at.line}`,
      key: m[1]!,
      text: body,
      line: at.line,
      column: at.column,
      lineMapped: true,
      indent: 0,
    });
  }
  return out;
}

/** Line and column of `offset` within a command's text. */
export function positionInCommand(command: CiCommand, offset: number): { line: number; column: number } {
  if (!command.lineMapped) return { line: command.line, column: command.column };
  let line = 0;
  let lineStart = 0;
  for (let i = command.text.indexOf('\n'); i >= 0 && i < offset; i = command.text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  if (line === 0) return { line: command.line, column: command.column + offset };
  return { line: command.line + line, column: command.indent + (offset - lineStart) + 1 };
}

const MAKE_RULE = /^([A-Za-z0-9_.\-/ ]+?)\s*::?(?!=)\s*([^=#]*?)\s*(?:#.*)?$/;

/** Targets of a Makefile with their prerequisites and recipe lines (read, never run). */
export function parseMakefile(text: string): Record<string, MakeTarget> {
  const targets: Record<string, MakeTarget> = Object.create(null);
  let current: MakeTarget[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.startsWith('\t')) {
      for (const t of current) t.recipe.push(raw.slice(1));
      continue;
    }
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const m = MAKE_RULE.exec(raw);
    if (!m) {
      current = [];
      continue;
    }
    const names = m[1]!.split(/\s+/).filter((n) => n && !n.startsWith('.'));
    const prerequisites = m[2]!.split(/[\s|]+/).filter(Boolean);
    current = names.map((n) => {
      const existing = targets[n];
      if (existing) {
        existing.prerequisites.push(...prerequisites);
        return existing;
      }
      const t: MakeTarget = { prerequisites, recipe: [], line: i + 1 };
      targets[n] = t;
      return t;
    });
  }
  return targets;
}

async function readPackageScripts(inventory: Inventory, notes: string[]): Promise<Record<string, string>> {
  if (!inventory.has('package.json')) return {};
  const read = await readBounded(inventory, 'package.json', MAX_CONFIG_BYTES, 'refuse');
  if ('error' in read) {
    notes.push(`package.json: ${read.error}`);
    return {};
  }
  try {
    const data = JSON.parse(read.text) as { scripts?: unknown };
    const scripts: Record<string, string> = Object.create(null);
    if (data && typeof data.scripts === 'object' && data.scripts !== null) {
      for (const [k, v] of Object.entries(data.scripts)) if (typeof v === 'string') scripts[k] = v;
    }
    return scripts;
  } catch (e) {
    notes.push(`package.json: not valid JSON (${errorText(e)})`);
    return {};
  }
}

const LOCAL_ACTION = /^\.\/(.+?)\/?$/;

function unreadCiFile(path: string, system: string, role: CiFile['role'], error: string): CiFile {
  return { path, system, role, parsed: false, error, jobs: [], commands: [], uses: [] };
}

/** A GitHub Actions file through the run's one Actions model (shared with the other readers). */
async function githubActionsCiFile(
  documents: DocumentCache,
  path: string,
  role: CiFile['role'],
): Promise<CiFile> {
  const read = await documents.actions(path, role === 'local-action' ? 'action' : 'workflow');
  if ('error' in read) return unreadCiFile(path, 'github-actions', role, read.error);
  if (read.file.kind === 'dependabot') return unreadCiFile(path, 'github-actions', role, 'not a workflow');
  return ciFileFromModel(read.file, 'github-actions', role);
}

async function collectCi(inventory: Inventory, documents: DocumentCache): Promise<CiFacts> {
  const { systems } = rules().ciSystems;
  const facts: CiFacts = {
    systems: [],
    files: [],
    packageScripts: {},
    makeTargets: {},
    scriptFiles: {},
    notes: [],
  };
  const seen = new Set<string>();
  for (const system of systems) {
    // Where pipelines live is the scope policy's; CI files of vendored packages and test
    // fixtures are not this project's CI.
    const paths = filesMatching(inventory, ciPipelineGlobs(system.id), { outOfScopeFor: 'configuration' })
      .filter((f) => !seen.has(f.path))
      .map((f) => f.path);
    if (paths.length === 0) continue;
    for (const p of paths) seen.add(p);
    facts.systems.push({ id: system.id, name: system.name, files: paths });
    for (const path of paths) {
      if (system.id === 'github-actions') {
        facts.files.push(await githubActionsCiFile(documents, path, 'pipeline'));
        continue;
      }
      const read = await readBounded(inventory, path, limitFor('ci'), 'refuse');
      if ('error' in read) {
        facts.files.push(unreadCiFile(path, system.id, 'pipeline', read.error));
        continue;
      }
      facts.files.push(
        system.format === 'jenkins'
          ? parseJenkinsfile(path, read.text)
          : parseYamlCi(path, read.text, system),
      );
    }
  }
  // Local composite actions (`uses: ./path`) run their own steps inside the workflow.
  const gha = systems.find((s) => s.id === 'github-actions');
  if (gha) {
    const localRefs = new Set<string>();
    for (const f of facts.files) {
      if (f.system !== 'github-actions') continue;
      for (const u of f.uses) {
        const m = u.key === 'uses' ? LOCAL_ACTION.exec(u.ref) : null;
        if (m) localRefs.add(m[1]!);
      }
    }
    for (const dir of localRefs) {
      const path = ['action.yml', 'action.yaml'].map((n) => joinPath(dir, n)).find((p) => inventory.has(p));
      if (!path || seen.has(path)) continue;
      seen.add(path);
      facts.files.push(await githubActionsCiFile(documents, path, 'local-action'));
    }
  }
  facts.packageScripts = await readPackageScripts(inventory, facts.notes);
  const makefile = ['Makefile', 'makefile', 'GNUmakefile'].find((p) => inventory.has(p));
  if (makefile) {
    const read = await readBounded(inventory, makefile, MAX_CONFIG_BYTES, 'refuse');
    if ('error' in read) facts.notes.push(`${makefile}: ${read.error}`);
    else facts.makeTargets = parseMakefile(read.text);
  }
  await readScriptFiles(inventory, facts);
  return facts;
}

const MAX_SCRIPT_FILES = 50;
const MAX_SCRIPT_BYTES = limitFor('script');

/** A path a command names, as a repository path, or undefined when it leaves the repository. */
export function scriptPath(named: string): string | undefined {
  const p = named.replace(/^(?:\.\/)+/, '');
  if (p.startsWith('/') || p.split('/').includes('..')) return undefined;
  return p;
}

/**
 * Reads the shell scripts that CI commands, package scripts and make recipes run (the
 * `script-file` runners in rules/test-commands.yaml), and the scripts those run, a few deep.
 */
async function readScriptFiles(inventory: Inventory, facts: CiFacts): Promise<void> {
  const runners = rules().testCommands.scriptRunners.filter((r) => r.source === 'script-file');
  if (runners.length === 0) return;
  let texts = [
    ...facts.files.flatMap((f) => f.commands.map((c) => c.text)),
    ...Object.values(facts.packageScripts),
    ...Object.values(facts.makeTargets).map((t) => t.recipe.join('\n')),
  ];
  for (let depth = 0; depth < 3 && texts.length > 0; depth++) {
    const next: string[] = [];
    for (const text of texts) {
      for (const runner of runners) {
        for (const line of text.split('\n')) {
          for (const m of line.slice(0, MAX_MATCH_LINE).matchAll(ruleRegex(runner.regex, 'g'))) {
            const path = scriptPath(m[1]!);
            if (!path || Object.hasOwn(facts.scriptFiles, path) || !inventory.has(path)) continue;
            if (Object.keys(facts.scriptFiles).length >= MAX_SCRIPT_FILES) return;
            const read = await readBounded(inventory, path, MAX_SCRIPT_BYTES, 'refuse');
            if ('error' in read) {
              facts.notes.push(`${path}: ${read.error}`);
              continue;
            }
            facts.scriptFiles[path] = read.text;
            next.push(read.text);
          }
        }
      }
    }
    texts = next;
  }
}

export const ciFact = defineFact<CiFacts>('ci');

export const ciCollector: Collector<CiFacts> = {
  fact: ciFact,
  collect: ({ inventory, documents }) => collectCi(inventory, documents),
};

/** Longest command line a pattern is tried on; longer lines are cut, keeping regex cost bounded. */
export const MAX_MATCH_LINE = 2000;

/**
 * True when a `uses`-like reference names `prefix` (case-insensitive): the reference itself or
 * "key:reference" starts with the prefix followed by nothing, "/", "@" or ":".
 * "github/codeql-action/analyze@v3" matches "github/codeql-action/analyze"; "SonarCloudAnalyze@1"
 * matches "SonarCloudAnalyze"; GitLab `template: Security/SAST.gitlab-ci.yml` matches
 * "template:Security/SAST.gitlab-ci.yml".
 */
export function usesMatches(uses: Pick<CiUses, 'key' | 'ref'>, prefix: string): boolean {
  const p = prefix.toLowerCase();
  for (const candidate of [uses.ref, `${uses.key}:${uses.ref}`]) {
    const c = candidate.trim().toLowerCase();
    if (c === p) return true;
    if (c.startsWith(p) && '/@:'.includes(c[p.length]!)) return true;
  }
  return false;
}

export interface CommandMatch {
  file: CiFile;
  command: CiCommand;
  /** The matched text. */
  text: string;
  line: number;
  column: number;
}

/** Every line of a command with its offset in the command text (cut to MAX_MATCH_LINE). */
export function* commandLines(command: CiCommand): Generator<{ text: string; offset: number }> {
  let offset = 0;
  for (const line of command.text.split('\n')) {
    yield { text: line.length > MAX_MATCH_LINE ? line.slice(0, MAX_MATCH_LINE) : line, offset };
    offset += line.length + 1;
  }
}

/**
 * The first line of any command in `files` matching `re` (and not `unless`), with its position.
 * A command whose text only matches once constant `${{ env.X }}` are substituted (`expanded`)
 * matches too, pointing at the start of the source line.
 */
export function findCommand(files: readonly CiFile[], re: RegExp, unless?: RegExp): CommandMatch | undefined {
  for (const file of files) {
    for (const command of file.commands) {
      for (const line of commandLines(command)) {
        const m = re.exec(line.text);
        if (!m || unless?.test(line.text)) continue;
        // Point at the command word, not the separator the pattern may have consumed first.
        const lead = /^[\s;&|(/]*/.exec(m[0])![0].length;
        const at = positionInCommand(command, line.offset + m.index + lead);
        return { file, command, text: m[0].trim(), ...at };
      }
      if (command.expanded === undefined) continue;
      const source = [...commandLines(command)];
      let index = 0;
      for (const line of commandLines({ ...command, text: command.expanded })) {
        const m = re.exec(line.text);
        const sourceLine = source[index++];
        if (!m || unless?.test(line.text)) continue;
        // substituted values are single lines, so line i of the expansion is line i of the source
        const at = positionInCommand(command, sourceLine?.offset ?? 0);
        return { file, command, text: m[0].trim(), ...at };
      }
    }
  }
  return undefined;
}
