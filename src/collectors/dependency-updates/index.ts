/**
 * Automated dependency update tools (Dependabot, Renovate, ...) found with
 * rules/dependency-update-tools.yaml: configuration files, a package.json key, or a CI step
 * running the tool. For Dependabot and Renovate the configuration is read to tell which
 * ecosystems are covered.
 */

import type { ParseError } from 'jsonc-parser';
import type { Inventory } from '../../inventory/types.js';
import { blockingProblem, buildActionsFile } from '../../models/github-actions/build.js';
import { requireCommonJs } from '../../util/commonjs.js';
import { jsonPathPosition } from '../../util/position.js';
import { type CiFacts, ciFact, findCommand, usesMatches } from '../ci/index.js';
import { type DependencyUpdateToolRule, ruleRegex, rules } from '../rules.js';
import { type CollectContext, type Collector, defineFact } from '../types.js';
import { filesMatching, MAX_CONFIG_BYTES, readBounded } from '../util.js';

export interface UpdateEvidence {
  path: string;
  via: 'file' | 'package.json' | 'ci';
  line?: number;
  column?: number;
}

export interface DependabotUpdate {
  ecosystem: string;
  directories: string[];
  /** `open-pull-requests-limit: 0` turns version updates off for this entry. */
  disabled: boolean;
  line: number;
  column: number;
}

export interface UpdateTool {
  id: string;
  name: string;
  evidence: UpdateEvidence[];
  config: 'dependabot' | 'renovate' | 'none';
  /** False when the configuration could not be read; coverage is then unknown. */
  parsed: boolean;
  error?: string;
  /** Renovate `"enabled": false`. */
  disabled?: boolean;
  /** Dependabot entries. */
  updates?: DependabotUpdate[];
  /** Renovate `enabledManagers`, when it restricts the managers. */
  enabledManagers?: string[];
  coversAll: boolean;
  /** Ecosystem ids the tool handles when it names them in rules (PyUp: pypi). */
  ecosystems?: string[];
}

export interface DependencyUpdateFacts {
  tools: UpdateTool[];
}

/** Dependabot's `updates` entries with positions, read from the Actions model; errors are returned, not thrown. */
export function parseDependabot(
  text: string,
  path = '.github/dependabot.yml',
): { updates: DependabotUpdate[] } | { error: string } {
  const config = buildActionsFile({ path, text, kind: 'dependabot' });
  if (config.kind !== 'dependabot') return { error: 'not a Dependabot configuration' };
  const blocking = blockingProblem(config);
  if (blocking)
    return { error: blocking.kind === 'yaml' ? `YAML error: ${blocking.message}` : blocking.message };
  if (!config.hasUpdates) return { error: 'no `updates` list' };
  const out: DependabotUpdate[] = [];
  for (const u of config.updates) {
    if (!u.ecosystem?.value) continue;
    const directories = [u.directory, ...u.directories]
      .filter((d) => d !== undefined && d.value !== '')
      .map((d) => d!.value);
    const at = u.ecosystem.via ?? u.ecosystem.span;
    out.push({
      ecosystem: u.ecosystem.value,
      directories,
      disabled: u.openPullRequestsLimit?.value.trim() === '0',
      line: at.line,
      column: at.column,
    });
  }
  return { updates: out };
}

/**
 * Rewrites the JSON5 that Renovate configs use (unquoted keys, single-quoted strings) into JSON
 * that jsonc-parser reads; comments and trailing commas are left to jsonc-parser.
 */
export function json5ToJson(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let body = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1]!;
          body += next === "'" ? "'" : next === '\n' ? '' : `\\${next}`;
          i += 2;
        } else {
          body += text[i] === '"' ? '\\"' : text[i];
          i++;
        }
      }
      i++;
      out += `"${body}"`;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < text.length && /[\w$]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      let k = j;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      out += text[k] === ':' ? `"${word}"` : word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Renovate's configuration (JSON, JSON5-ish): is it enabled, which managers. */
export function parseRenovate(
  text: string,
  strictJson: boolean,
): { enabled: boolean; enabledManagers?: string[] } | { error: string } {
  // Loaded here, on the one path that reads a Renovate file, not by every assess.
  const { parse: parseJsonc, printParseErrorCode } = requireCommonJs(
    'jsonc-parser',
  ) as typeof import('jsonc-parser');
  const errors: ParseError[] = [];
  const source = strictJson ? text : json5ToJson(text);
  const data = parseJsonc(source, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      error:
        errors.length > 0 ? `not valid JSON: ${printParseErrorCode(errors[0]!.error)}` : 'not a JSON object',
    };
  }
  if (errors.length > 0) {
    return {
      error: `not valid JSON: ${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset}`,
    };
  }
  const obj = data as Record<string, unknown>;
  const managers = Array.isArray(obj.enabledManagers)
    ? obj.enabledManagers.filter((m): m is string => typeof m === 'string')
    : undefined;
  return { enabled: obj.enabled !== false, ...(managers ? { enabledManagers: managers } : {}) };
}

async function detect(
  inventory: Inventory,
  rule: DependencyUpdateToolRule,
  rootPackageJson: { text: string; value: unknown } | undefined,
  ciFacts: () => Promise<CiFacts>,
): Promise<UpdateTool | undefined> {
  const tool: UpdateTool = {
    id: rule.id,
    name: rule.name,
    evidence: [],
    config: rule.config,
    parsed: true,
    coversAll: rule.coversAll,
  };
  if (rule.ecosystems) tool.ecosystems = rule.ecosystems;
  const files = filesMatching(inventory, rule.files).map((f) => f.path);
  for (const path of files) tool.evidence.push({ path, via: 'file' });
  const pj = rootPackageJson?.value;
  if (rule.packageJsonKey && pj && typeof pj === 'object') {
    const value = (pj as Record<string, unknown>)[rule.packageJsonKey];
    if (value !== undefined) {
      const at = jsonPathPosition(rootPackageJson!.text, [rule.packageJsonKey]);
      tool.evidence.push({ path: 'package.json', via: 'package.json', ...at });
    }
  }
  if (rule.actions?.length || rule.commands?.length) {
    const ci = await ciFacts();
    for (const file of ci.files) {
      const hit = file.uses.find((u) => rule.actions?.some((a) => usesMatches(u, a)));
      if (hit) tool.evidence.push({ path: file.path, via: 'ci', line: hit.line, column: hit.column });
    }
    for (const source of rule.commands ?? []) {
      const m = findCommand(ci.files, ruleRegex(source));
      if (m) tool.evidence.push({ path: m.file.path, via: 'ci', line: m.line, column: m.column });
    }
  }
  if (tool.evidence.length === 0) return undefined;

  const first = files[0];
  if (rule.config === 'dependabot' && first) {
    const read = await readBounded(inventory, first, MAX_CONFIG_BYTES, 'refuse');
    const parsed = 'error' in read ? read : parseDependabot(read.text, first);
    if ('error' in parsed) {
      tool.parsed = false;
      tool.error = `${first}: ${parsed.error}`;
    } else {
      tool.updates = parsed.updates;
    }
  } else if (rule.config === 'renovate') {
    let parsed: ReturnType<typeof parseRenovate> | undefined;
    let where = first;
    if (first) {
      const read = await readBounded(inventory, first, MAX_CONFIG_BYTES, 'refuse');
      parsed =
        'error' in read
          ? read
          : parseRenovate(read.text, first.endsWith('.json') || /\.renovaterc$/.test(first));
    } else if (rule.packageJsonKey && pj && typeof pj === 'object') {
      where = 'package.json';
      parsed = parseRenovate(JSON.stringify((pj as Record<string, unknown>)[rule.packageJsonKey]), true);
    }
    if (parsed && 'error' in parsed) {
      tool.parsed = false;
      tool.error = `${where}: ${parsed.error}`;
    } else if (parsed) {
      if (!parsed.enabled) tool.disabled = true;
      if (parsed.enabledManagers) tool.enabledManagers = parsed.enabledManagers;
    }
  }
  return tool;
}

async function collectDependencyUpdates({
  inventory,
  documents,
  need,
}: CollectContext): Promise<DependencyUpdateFacts> {
  let rootPackageJson: { text: string; value: unknown } | undefined;
  if (inventory.has('package.json')) {
    // A broken package.json configures nothing; the manifests collector reports it.
    const read = await documents.json('package.json');
    if (!('error' in read)) rootPackageJson = read;
  }
  const tools: UpdateTool[] = [];
  for (const rule of rules().dependencyUpdateTools.tools) {
    const tool = await detect(inventory, rule, rootPackageJson, () => need(ciFact));
    if (tool) tools.push(tool);
  }
  return { tools };
}

export const dependencyUpdatesFact = defineFact<DependencyUpdateFacts>('dependency-updates');

export const dependencyUpdatesCollector: Collector<DependencyUpdateFacts> = {
  fact: dependencyUpdatesFact,
  needs: [ciFact],
  collect: collectDependencyUpdates,
};
