/**
 * Passes when a CI command or step runs tests (rules/test-commands.yaml), directly or one level
 * through a package.json script or Makefile target it calls. Unknown, not fail, when no test was
 * found but some CI file could not be parsed.
 */
import {
  type CiCommand,
  type CiFacts,
  type CiFile,
  ciFact,
  commandLines,
  positionInCommand,
  scriptPath,
  usesMatches,
} from '../../collectors/ci/index.js';
import { ruleRegex, rules } from '../../collectors/rules.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor, unparsedCiFiles } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const MAX_INDIRECTION = 3;

interface TestHit {
  file: CiFile;
  line: number;
  column: number;
  description: string;
  key: string;
}

/** A test command in `text`, if any: the matched text. */
function testCommandIn(text: string): string | undefined {
  for (const rule of rules().testCommands.commands) {
    const re = ruleRegex(rule.regex);
    const unless = rule.unless ? ruleRegex(rule.unless) : undefined;
    for (const raw of text.split('\n')) {
      const line = raw.length > 2000 ? raw.slice(0, 2000) : raw;
      const m = re.exec(line);
      if (m && !unless?.test(line)) return m[0].replace(/^[\s;&|(/]+/, '').trim();
    }
  }
  return undefined;
}

/** Follows `npm run x` / `make x` into package.json scripts and Makefile targets. */
function throughRunner(ci: CiFacts, text: string, depth: number, seen: Set<string>): string | undefined {
  if (depth > MAX_INDIRECTION) return undefined;
  for (const runner of rules().testCommands.scriptRunners) {
    const re = ruleRegex(runner.regex, 'g');
    for (const raw of text.split('\n')) {
      const line = raw.length > 2000 ? raw.slice(0, 2000) : raw;
      for (const m of line.matchAll(re)) {
        const name = m[1]!;
        const id = `${runner.source}:${name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (runner.source === 'package.json') {
          const script = Object.hasOwn(ci.packageScripts, name) ? ci.packageScripts[name] : undefined;
          if (script === undefined) continue;
          const direct = testCommandIn(script);
          if (direct) return `package.json script "${name}" runs ${quote(direct)}`;
          const deeper = throughRunner(ci, script, depth + 1, seen);
          if (deeper) return `package.json script "${name}" → ${deeper}`;
        } else if (runner.source === 'script-file') {
          const path = scriptPath(name);
          const script =
            path !== undefined && Object.hasOwn(ci.scriptFiles, path) ? ci.scriptFiles[path] : undefined;
          if (script === undefined) continue;
          const direct = testCommandIn(script);
          if (direct) return `${path} runs ${quote(direct)}`;
          const deeper = throughRunner(ci, script, depth + 1, seen);
          if (deeper) return `${path} → ${deeper}`;
        } else {
          const target = Object.hasOwn(ci.makeTargets, name) ? ci.makeTargets[name] : undefined;
          if (!target) continue;
          const recipe = target.recipe.join('\n');
          const direct = testCommandIn(recipe);
          if (direct) return `Makefile target "${name}" runs ${quote(direct)}`;
          const deeper =
            throughRunner(ci, recipe, depth + 1, seen) ??
            throughRunner(ci, target.prerequisites.map((p) => `make ${p}`).join('\n'), depth + 1, seen);
          if (deeper) return `Makefile target "${name}" → ${deeper}`;
        }
      }
    }
  }
  return undefined;
}

/** A test found where it does not gate changes, and why. */
interface NotGating {
  hit: TestHit;
  why: string;
}

interface TestSearch {
  gating?: TestHit;
  notGating: NotGating[];
  /** Tests whose workflow runs only for changes to some paths (`paths:` on every gating event). */
  pathLimited: { hit: TestHit; paths: string[] }[];
}

/** The `paths:` filters that limit every gating event that may run `command`, if they all do. */
function limitingPaths(file: CiFile, command: CiCommand): string[] | undefined {
  if (!file.triggerPaths || command.events === undefined) return undefined;
  const gating = rules().testCommands.gatingEvents;
  const events = command.events.filter((e) => gating.includes(e));
  if (events.length === 0 || !events.every((e) => Object.hasOwn(file.triggerPaths!, e))) return undefined;
  const paths = [...new Set(events.flatMap((e) => file.triggerPaths![e]!))];
  const positive = paths.filter((p) => !p.startsWith('!'));
  // `**/*` or a root file (`go.mod`) reaches the whole tree; only folders named outright limit it
  return positive.length > 0 && positive.every((p) => UNDER_NAMED_FOLDER.test(p)) ? positive : undefined;
}

/** A path pattern under a folder named without wildcards: `tools/releaser/**`. */
const UNDER_NAMED_FOLDER = /^(?:\.\/)?[^*?[\]{}!/]+\//;

/**
 * Why a test on line `index` of `command` does not gate changes: its failure is ignored, or the
 * events that may run it (GitHub Actions) include none that gates a change.
 */
function whyNotGating(command: CiCommand, index: number): string | undefined {
  const ignored = command.lineExitIgnored?.[index];
  if (ignored) return `its failure is ignored (${ignored})`;
  if (command.events === undefined) return undefined;
  const gating = rules().testCommands.gatingEvents;
  if (command.events.some((e) => gating.includes(e))) return undefined;
  return command.events.length === 0
    ? "its job or step never runs on the workflow's events"
    : `it runs only on ${list(command.events, 4)}`;
}

/** The test on one command line (source text, or the same line with constant env expanded). */
function testOnLine(ci: CiFacts, source: string, expanded: string | undefined) {
  for (const text of expanded === undefined || expanded === source ? [source] : [source, expanded]) {
    const direct = testCommandIn(text);
    const indirect = direct ? undefined : throughRunner(ci, text, 1, new Set());
    if (direct || indirect) return { text, direct, indirect };
  }
  return undefined;
}

function findTests(ci: CiFacts): TestSearch {
  const actionRules = rules().testCommands.actions;
  const notGating: NotGating[] = [];
  const pathLimited: TestSearch['pathLimited'] = [];
  for (const file of ci.files) {
    if (!file.parsed) continue;
    for (const command of file.commands) {
      // substituted env values are single lines, so line i of the expansion is line i of the source
      const expandedLines = command.expanded?.split('\n');
      let index = -1;
      for (const line of commandLines(command)) {
        index++;
        const found = testOnLine(ci, line.text, expandedLines?.[index]);
        if (!found) continue;
        const { text, direct, indirect } = found;
        const idx =
          direct && text === line.text
            ? Math.max(0, line.text.indexOf(direct))
            : line.text.length - line.text.trimStart().length;
        const at = positionInCommand(command, line.offset + idx);
        const job = command.job ? ` (job ${oneLine(command.job, 60)})` : '';
        const hit: TestHit = {
          file,
          ...at,
          description: direct
            ? `${quote(direct)} in ${oneLine(file.path)}${job}`
            : `${quote(text.trim())} in ${oneLine(file.path)}${job}: ${indirect}`,
          key: direct ?? text.trim(),
        };
        const why = whyNotGating(command, index);
        if (why) {
          notGating.push({ hit, why });
          continue;
        }
        const paths = limitingPaths(file, command);
        if (!paths) return { gating: hit, notGating, pathLimited };
        pathLimited.push({ hit, paths });
      }
    }
    for (const u of file.uses) {
      for (const rule of actionRules) {
        if (!rule.uses.some((p) => usesMatches(u, p))) continue;
        const params = rule.params;
        const ok =
          !params ||
          Object.entries(params).some(([name, source]) => {
            const value = u.params?.[name];
            return value !== undefined && ruleRegex(source).test(value);
          });
        if (!ok) continue;
        return {
          gating: {
            file,
            line: u.line,
            column: u.column,
            description: `${quote(u.ref)} in ${oneLine(file.path)}${u.job ? ` (job ${oneLine(u.job, 60)})` : ''}`,
            key: u.ref.replace(/@.*$/, ''),
          },
          notGating,
          pathLimited,
        };
      }
    }
  }
  return { notGating, pathLimited };
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, ciFact);
  if (!got.ok) return got.findings;
  const ci = got.value;
  const pipelines = ci.files.filter((f) => f.role === 'pipeline');
  if (pipelines.length === 0) {
    return [
      finding(definition, {
        outcome: 'fail',
        message: 'No CI configuration, so no tests run in CI',
        key: 'no-ci',
      }),
    ];
  }
  const { gating: hit, notGating, pathLimited } = findTests(ci);
  if (hit) {
    return [
      finding(definition, {
        outcome: 'pass',
        message: `CI runs tests: ${hit.description}`,
        location: { path: hit.file.path, line: hit.line, column: hit.column },
        key: hit.key,
      }),
    ];
  }
  const unparsed = ci.files.filter((f) => !f.parsed);
  if (unparsed.length > 0) return unparsedCiFiles(definition, unparsed, 'test step');
  const limited = pathLimited[0];
  if (limited) {
    const paths = [...new Set(pathLimited.flatMap((l) => l.paths))];
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Tests run in CI only for changes to ${list(paths, 4)} (${limited.hit.description}); no workflow in the tree tests other changes, so whether the product's tests gate every change (perhaps in CI outside the tree) cannot be seen`,
        location: { path: limited.hit.file.path, line: limited.hit.line, column: limited.hit.column },
        key: `path-limited:${limited.hit.key}`,
      }),
    ];
  }
  const first = notGating[0];
  if (first) {
    const more =
      notGating.length > 1
        ? ` (and ${plural(notGating.length - 1, 'other test run')} that do not gate either)`
        : '';
    return [
      finding(definition, {
        outcome: 'fail',
        message: `Tests run in CI but do not gate changes: ${first.hit.description}, but ${first.why}${more}`,
        location: { path: first.hit.file.path, line: first.hit.line, column: first.hit.column },
        key: `not-gating:${first.hit.key}`,
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'fail',
      message: `None of the ${plural(pipelines.length, 'CI file')} (${list(
        pipelines.map((p) => p.path),
        3,
      )}) runs a recognised test command`,
      location: { path: pipelines[0]!.path },
      key: 'no-tests',
    }),
  ];
}

export const probe: Probe = { definition, run };
