/**
 * Reading evaluation results as data, never running anything: promptfoo's JSON output
 * (`promptfoo eval --output results.json`: a top-level object whose `results` holds the run's
 * timestamp, per-test results and summary stats) and garak's report JSONL (one JSON object a
 * line, told apart by `entry_type`: the run's start, one `eval` line per probe and detector pair
 * with passed and total counts, and a completion line).
 */
import type { z } from 'zod';
import { lazySchema } from '../../util/zod.js';
import { ruleFile } from '../rules.js';

const mappingSchema = lazySchema((z) =>
  z.array(z.strictObject({ match: z.string().min(1), category: z.string().regex(/^LLM\d\d$/) })),
);
const evaluationRulesSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    owasp: z.strictObject({
      edition: z.string(),
      url: z.string().url(),
      categories: z.record(z.string(), z.string()),
    }),
    mappings: z.strictObject({ promptfoo: mappingSchema(), garak: mappingSchema() }),
  }),
);
export type EvaluationRules = z.infer<ReturnType<typeof evaluationRulesSchema>>;

export function evaluationRules(): EvaluationRules {
  return ruleFile('ai-evaluations.yaml', evaluationRulesSchema);
}

export interface TestGroup {
  /** promptfoo plugin id or test description; garak probe and detector. */
  name: string;
  total: number;
  passed: number;
  /** OWASP LLM Top 10 category, where the mapping is clear. */
  owasp?: string;
}

export interface EvaluationRun {
  tool: 'promptfoo' | 'garak';
  /** When the evaluation ran, as the report says (ISO), if it says. */
  ranAt?: string;
  /** The model or provider evaluated, when the report names it. */
  target?: string;
  total: number;
  passed: number;
  failed: number;
  errors: number;
  groups: TestGroup[];
  /** A few failing tests, for the report (bounded). */
  failures: string[];
  /** What could not be read, e.g. lines that are not JSON. */
  problems: string[];
}

const MAX_FAILURES = 10;

function categoryOf(name: string, rules: EvaluationRules['mappings']['promptfoo']): string | undefined {
  const lower = name.toLowerCase();
  return rules.find((m) =>
    m.match.endsWith('*') ? lower.startsWith(m.match.slice(0, -1)) : lower === m.match,
  )?.category;
}

const rec = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

function isoOf(v: unknown): string | undefined {
  const s = typeof v === 'number' ? new Date(v).toISOString() : str(v);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A promptfoo result file's run, or undefined when the JSON is not one. */
export function parsePromptfoo(
  value: unknown,
  rules: EvaluationRules = evaluationRules(),
): EvaluationRun | undefined {
  const top = rec(value);
  // Output version 3 and later nest the run under `results`; older files put the list at the top.
  const run = rec(top?.results) ?? top;
  const list = Array.isArray(run?.results) ? (run.results as unknown[]) : undefined;
  const stats = rec(run?.stats);
  if (!run || (!list && !stats)) return undefined;
  const groups = new Map<string, TestGroup>();
  const failures: string[] = [];
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let target: string | undefined;
  for (const item of list ?? []) {
    const r = rec(item);
    if (!r || typeof r.success !== 'boolean') continue;
    const testCase = rec(r.testCase);
    const metadata = rec(testCase?.metadata);
    const provider = rec(r.provider);
    target ??= str(provider?.label) ?? str(provider?.id) ?? str(r.provider);
    const name = str(metadata?.pluginId) ?? str(testCase?.description) ?? 'unnamed test';
    const g = groups.get(name) ?? { name, total: 0, passed: 0 };
    const category = categoryOf(name, rules.mappings.promptfoo);
    if (category) g.owasp = category;
    g.total++;
    if (r.success) {
      g.passed++;
      passed++;
    } else if (str(r.error)) errors++;
    else {
      failed++;
      const reason = str(rec(r.gradingResult)?.reason) ?? str(r.failureReason);
      if (failures.length < MAX_FAILURES) failures.push(reason ? `${name}: ${reason}` : name);
    }
    groups.set(name, g);
  }
  // The stats are what promptfoo counted; the per-test list may have been trimmed.
  const total =
    (num(stats?.successes) ?? passed) + (num(stats?.failures) ?? failed) + (num(stats?.errors) ?? errors);
  const ranAt = isoOf(run.timestamp) ?? isoOf(top?.createdAt);
  return {
    tool: 'promptfoo',
    ...(ranAt ? { ranAt } : {}),
    ...(target ? { target } : {}),
    total,
    passed: num(stats?.successes) ?? passed,
    failed: num(stats?.failures) ?? failed,
    errors: num(stats?.errors) ?? errors,
    groups: [...groups.values()],
    failures,
    problems: [],
  };
}

/** A garak report's run, or undefined when no line is a garak entry. */
export function parseGarak(
  text: string,
  rules: EvaluationRules = evaluationRules(),
): EvaluationRun | undefined {
  const groups: TestGroup[] = [];
  const failures: string[] = [];
  const problems: string[] = [];
  let ranAt: string | undefined;
  let target: string | undefined;
  let garakLines = 0;
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: Record<string, unknown> | undefined;
    try {
      entry = rec(JSON.parse(line));
    } catch {
      badLines++;
      continue;
    }
    const type = str(entry?.entry_type);
    if (!entry || !type) continue;
    garakLines++;
    if (type === 'init') ranAt ??= isoOf(entry.start_time);
    else if (type === 'start_run setup')
      target ??=
        str(entry['plugins.model_name']) ??
        str(entry['plugins.target_name']) ??
        str(entry['plugins.model_type']);
    else if (type === 'eval') {
      const probe = str(entry.probe) ?? 'unknown probe';
      const detector = str(entry.detector);
      const total = num(entry.total);
      const passed = num(entry.passed);
      if (total === undefined || passed === undefined || passed > total) {
        problems.push(`an eval line for ${probe} has no usable passed/total counts`);
        continue;
      }
      const category = categoryOf(probe, rules.mappings.garak);
      groups.push({
        name: detector ? `${probe} (${detector})` : probe,
        total,
        passed,
        ...(category ? { owasp: category } : {}),
      });
      if (passed < total && failures.length < MAX_FAILURES)
        failures.push(
          `${probe}${detector ? ` (${detector})` : ''}: ${total - passed} of ${total} attempts got through`,
        );
    }
  }
  if (garakLines === 0) return undefined;
  if (badLines > 0) problems.push(`${badLines} line(s) are not JSON`);
  const total = groups.reduce((n, g) => n + g.total, 0);
  const passed = groups.reduce((n, g) => n + g.passed, 0);
  return {
    tool: 'garak',
    ...(ranAt ? { ranAt } : {}),
    ...(target ? { target } : {}),
    total,
    passed,
    failed: total - passed,
    errors: 0,
    groups,
    failures,
    problems,
  };
}
