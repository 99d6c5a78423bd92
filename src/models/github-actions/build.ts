/**
 * Builds the typed model from one parsed document (src/util/yaml.ts `parseYamlDocument`). Never
 * throws: values of the wrong type become problems, and aliases are followed within one budget.
 */
import { basename } from 'node:path/posix';
import { parseYamlDocument, type SafeYamlDocument } from '../../util/yaml.js';
import { expandMatrix } from './matrix.js';
import type {
  Action,
  ActionsFile,
  Container,
  DependabotConfig,
  DependabotUpdate,
  Env,
  Job,
  Params,
  Permissions,
  Problem,
  Step,
  Str,
  Trigger,
  Uses,
  Workflow,
} from './types.js';
import { parseUses } from './uses.js';
import {
  Deref,
  expandedSize,
  type Located,
  locatedTree,
  MAX_EXPANDED_NODES,
  routeJoin,
  type Span,
  scalarText,
  type YMap,
  type YScalar,
  type YSeq,
  type YValue,
} from './yaml-tree.js';

/**
 * Reads typed values off the located tree. Routes are those of the place read, not of the anchor:
 * a step reached through `steps: *shared` in job `b` is `jobs.b.steps[0]`. The builder reads one
 * node at a time, so the route of a node is recorded as it is reached and used right away.
 */
class Reader {
  readonly d = new Deref();
  readonly problems: Problem[] = [];
  private readonly routes = new Map<YValue, string>();
  /** The key a value was read under, for findings about the whole value (`env:`, `permissions:`). */
  readonly keys = new Map<YValue, Span>();

  routeOf(v: YValue): string {
    return this.routes.get(v) ?? v.route;
  }

  /** Span and route of a node as read here. */
  at(v: YValue): Located {
    return { span: v.span, route: this.routeOf(v) };
  }

  problem(message: string, at: Located | undefined, route = at?.route ?? ''): void {
    this.problems.push({ message, route, kind: 'shape', ...(at ? { span: at.span } : {}) });
  }

  limit(message: string): void {
    this.problems.push({ message, route: '', kind: 'limit' });
  }

  of(v: YValue | undefined): Exclude<YValue, { kind: 'alias' }> | undefined {
    const d = this.d.of(v);
    if (d && v && d !== v) this.routes.set(d, this.routeOf(v));
    return d;
  }

  map(v: YValue | undefined): YMap | undefined {
    const d = this.of(v);
    return d?.kind === 'map' ? d : undefined;
  }

  seq(v: YValue | undefined): YSeq | undefined {
    const d = this.of(v);
    return d?.kind === 'seq' ? d : undefined;
  }

  scalar(v: YValue | undefined): YScalar | undefined {
    const d = this.of(v);
    return d?.kind === 'scalar' ? d : undefined;
  }

  /** A scalar as a string node; a map or list is a problem, null is absent. */
  str(v: YValue | undefined, what: string): Str | undefined {
    if (v === undefined) return undefined;
    const s = this.of(v);
    if (!s) return undefined;
    const route = this.routeOf(v);
    if (s.kind !== 'scalar') {
      this.problem(`${what} is a ${s.kind === 'map' ? 'mapping' : 'list'}, expected a string`, s, route);
      return undefined;
    }
    const text = scalarText(s);
    if (text === undefined) return undefined;
    const out: Str = { value: text, span: s.span, route };
    if (typeof s.value === 'number' || typeof s.value === 'boolean')
      out.typed = typeof s.value as 'number' | 'boolean';
    if (v.kind === 'alias') out.via = v.span;
    if (s.comment !== undefined) out.comment = s.comment;
    if (s.block) out.text = { ...s.block, lineMapped: s.style === 'BLOCK_LITERAL' && v.kind !== 'alias' };
    return out;
  }

  entries(v: YValue | undefined, what: string): { key: Str; value: YValue }[] {
    if (v === undefined) return [];
    const m = this.of(v);
    if (!m) return [];
    if (m.kind !== 'map') {
      if (!(m.kind === 'scalar' && m.value === null))
        this.problem(`${what} is not a mapping`, m, this.routeOf(v));
      return [];
    }
    const base = this.routeOf(m);
    return m.entries.map((e) => {
      const key = String(e.key.value);
      const route = routeJoin(base, key);
      this.routes.set(e.value, route);
      return { key: { value: key, span: e.key.span, route }, value: e.value };
    });
  }

  items(v: YValue | undefined, what: string): YValue[] {
    if (v === undefined) return [];
    const s = this.of(v);
    if (!s) return [];
    if (s.kind !== 'seq') {
      if (!(s.kind === 'scalar' && s.value === null))
        this.problem(`${what} is not a list`, s, this.routeOf(v));
      return [];
    }
    const base = this.routeOf(s);
    s.items.forEach((item, i) => {
      this.routes.set(item, routeJoin(base, i));
    });
    return s.items;
  }

  /** A string or a list of strings (needs, branches, runs-on labels ...). */
  strings(v: YValue | undefined, what: string): Str[] {
    const s = this.of(v);
    if (!s || !v) return [];
    if (s.kind === 'seq')
      return this.items(s, what)
        .map((i) => this.str(i, what))
        .filter((x): x is Str => x !== undefined);
    const one = this.str(v, what);
    return one ? [one] : [];
  }

  /** The value of `key` in a map (the first when duplicated). */
  get(v: YValue | undefined, key: string): YValue | undefined {
    const m = this.map(v);
    if (!m) return undefined;
    for (const e of m.entries) {
      if (e.key.value !== key) continue;
      this.routes.set(e.value, routeJoin(this.routeOf(m), key));
      this.keys.set(e.value, e.key.span);
      return e.value;
    }
    return undefined;
  }
}

const HAS_EXPRESSION = /\$\{\{/;

function readEnv(r: Reader, v: YValue | undefined, what: string): Env | undefined {
  if (v === undefined) return undefined;
  const whole = r.scalar(v);
  if (whole && whole.value !== null) {
    const expression = r.str(v, what);
    if (expression && HAS_EXPRESSION.test(expression.value))
      return { ...r.at(v), ...keyOf(r, v), entries: [], expression };
    r.problem(`${what} is not a mapping`, v);
    return undefined;
  }
  const entries = r.entries(v, what).map(({ key, value }) => {
    const s = r.scalar(value);
    const text = scalarText(s);
    return {
      name: key,
      value,
      ...(text !== undefined && !HAS_EXPRESSION.test(text) ? { constant: text } : {}),
      ...(s && s.value === null ? { constant: '' } : {}),
    };
  });
  return { ...r.at(v), ...keyOf(r, v), entries };
}

function keyOf(r: Reader, v: YValue): { key?: Span } {
  const key = r.keys.get(v);
  return key ? { key } : {};
}

function readParams(r: Reader, v: YValue | undefined, what: string): Params | undefined {
  if (v === undefined) return undefined;
  const entries = r.entries(v, what).map(({ key, value }) => {
    const text = scalarText(r.scalar(value));
    return { name: key, value, ...(text !== undefined ? { text } : {}) };
  });
  return { ...r.at(v), entries };
}

function readPermissions(r: Reader, v: YValue | undefined): Permissions | undefined {
  if (v === undefined) return undefined;
  const s = r.scalar(v);
  if (s) {
    const all = r.str(v, 'permissions');
    return { ...r.at(v), ...keyOf(r, v), scopes: [], ...(all ? { all } : {}) };
  }
  const scopes = r
    .entries(v, 'permissions')
    .map(({ key, value }) => ({ scope: key, level: r.str(value, `permission ${key.value}`) }))
    .filter((p): p is { scope: Str; level: Str } => p.level !== undefined);
  return { ...r.at(v), ...keyOf(r, v), scopes };
}

function readUses(r: Reader, v: YValue | undefined): Uses | undefined {
  const raw = r.str(v, 'uses');
  return raw ? parseUses(raw) : undefined;
}

function readStep(r: Reader, v: YValue, index: number): Step | undefined {
  const m = r.map(v);
  if (!m) {
    if (r.of(v)) r.problem('step is not a mapping', v);
    return undefined;
  }
  const step: Step = { span: v.span, route: r.routeOf(v), index };
  const set = <K extends keyof Step>(key: K, value: Step[K] | undefined) => {
    if (value !== undefined) step[key] = value;
  };
  set('id', r.str(r.get(m, 'id'), 'id'));
  set('name', r.str(r.get(m, 'name'), 'name'));
  set('if', r.str(r.get(m, 'if'), 'if'));
  set('uses', readUses(r, r.get(m, 'uses')));
  set('with', readParams(r, r.get(m, 'with'), 'with'));
  set('env', readEnv(r, r.get(m, 'env'), 'env'));
  set('run', r.str(r.get(m, 'run'), 'run'));
  set('shell', r.str(r.get(m, 'shell'), 'shell'));
  set('workingDirectory', r.str(r.get(m, 'working-directory'), 'working-directory'));
  set('continueOnError', r.str(r.get(m, 'continue-on-error'), 'continue-on-error'));
  set('timeoutMinutes', r.str(r.get(m, 'timeout-minutes'), 'timeout-minutes'));
  if (step.uses && step.run) r.problem('a step has both uses and run', v);
  return step;
}

function readSteps(r: Reader, v: YValue | undefined): Step[] {
  const out: Step[] = [];
  r.items(v, 'steps').forEach((item, i) => {
    // `- parallel: [steps]` runs its steps side by side; they are steps of the job all the same
    const parallel = r.get(item, 'parallel');
    if (parallel !== undefined) {
      for (const sub of r.items(parallel, 'parallel')) {
        const step = readStep(r, sub, out.length);
        if (step) out.push(step);
      }
      return;
    }
    const step = readStep(r, item, i);
    if (step) out.push(step);
  });
  return out;
}

function readContainer(r: Reader, v: YValue | undefined, what: string): Container | undefined {
  if (v === undefined) return undefined;
  const d = r.of(v);
  if (!d || (d.kind === 'scalar' && d.value === null)) return undefined;
  const image = d.kind === 'map' ? r.str(r.get(d, 'image'), `${what} image`) : r.str(v, what);
  return { ...r.at(v), value: v, ...(image ? { image } : {}) };
}

function readJob(r: Reader, id: Str, v: YValue): Job | undefined {
  const m = r.map(v);
  if (!m) {
    r.problem(`job ${id.value} is not a mapping`, v);
    return undefined;
  }
  const job: Job = {
    ...r.at(v),
    id,
    needs: r.strings(r.get(m, 'needs'), 'needs'),
    services: [],
    steps: [],
  };
  const set = <K extends keyof Job>(key: K, value: Job[K] | undefined) => {
    if (value !== undefined) job[key] = value;
  };
  set('name', r.str(r.get(m, 'name'), 'name'));
  set('runsOn', r.get(m, 'runs-on'));
  set('runsOnKey', job.runsOn && r.keys.get(job.runsOn));
  set('if', r.str(r.get(m, 'if'), 'if'));
  set('env', readEnv(r, r.get(m, 'env'), 'env'));
  set('permissions', readPermissions(r, r.get(m, 'permissions')));
  const strategy = r.get(m, 'strategy');
  if (strategy !== undefined && r.of(strategy)) {
    const matrix = r.get(strategy, 'matrix');
    const failFast = r.str(r.get(strategy, 'fail-fast'), 'fail-fast');
    const maxParallel = r.str(r.get(strategy, 'max-parallel'), 'max-parallel');
    job.strategy = {
      ...r.at(strategy),
      ...(matrix !== undefined
        ? { matrix: { ...r.at(matrix), value: matrix, ...expandMatrix(r.d, matrix) } }
        : {}),
      ...(failFast ? { failFast } : {}),
      ...(maxParallel ? { maxParallel } : {}),
    };
  }
  set('container', readContainer(r, r.get(m, 'container'), 'container'));
  for (const { key, value } of r.entries(r.get(m, 'services'), 'services')) {
    const container = readContainer(r, value, `service ${key.value}`);
    if (container) job.services.push({ id: key, container });
  }
  set('uses', readUses(r, r.get(m, 'uses')));
  set('with', readParams(r, r.get(m, 'with'), 'with'));
  const secrets = r.get(m, 'secrets');
  if (secrets !== undefined) {
    const s = r.scalar(secrets);
    if (s && s.value === 'inherit') job.secrets = { inherit: true, raw: r.str(secrets, 'secrets')! };
    else {
      const params = readParams(r, secrets, 'secrets');
      if (params) job.secrets = { inherit: false, params };
    }
  }
  job.steps = readSteps(r, r.get(m, 'steps'));
  set('continueOnError', r.str(r.get(m, 'continue-on-error'), 'continue-on-error'));
  set('timeoutMinutes', r.str(r.get(m, 'timeout-minutes'), 'timeout-minutes'));
  set('environment', r.get(m, 'environment'));
  set('outputs', readParams(r, r.get(m, 'outputs'), 'outputs'));
  set('defaults', r.get(m, 'defaults'));
  set('concurrency', r.get(m, 'concurrency'));
  if (job.uses && job.steps.length > 0) r.problem(`job ${id.value} has both uses and steps`, v);
  return job;
}

function readTrigger(r: Reader, event: string, at: Located, config?: YValue): Trigger {
  const trigger: Trigger = { ...at, event, types: [], filters: {} };
  const c = config === undefined ? undefined : r.of(config);
  if (config !== undefined && c && !(c.kind === 'scalar' && c.value === null)) {
    trigger.config = config;
    // schedule is a list of {cron}, dispatch and call declare inputs: only the others filter
    const filters =
      event === 'schedule' || event === 'workflow_dispatch' || event === 'workflow_call'
        ? []
        : r.entries(config, `on.${event}`);
    for (const { key, value } of filters) {
      const values = r.strings(value, `on.${event}.${key.value}`).map((s) => s.value);
      if (key.value === 'types') trigger.types = values;
      else trigger.filters[key.value] = values;
    }
  }
  return trigger;
}

function readTriggers(r: Reader, on: YValue | undefined): Trigger[] {
  if (on === undefined) return [];
  const d = r.of(on);
  if (!d) return [];
  if (d.kind === 'scalar') {
    const s = r.str(on, 'on');
    return s ? [readTrigger(r, s.value, s)] : [];
  }
  if (d.kind === 'seq') {
    return r.strings(on, 'on').map((s) => readTrigger(r, s.value, s));
  }
  if (d.kind === 'map') {
    return d.entries.map((e) =>
      readTrigger(
        r,
        String(e.key.value),
        { span: e.key.span, route: routeJoin(r.routeOf(d), String(e.key.value)) },
        e.value,
      ),
    );
  }
  return [];
}

function finish(r: Reader, parsed: SafeYamlDocument): Problem[] {
  const problems: Problem[] = [];
  for (const e of parsed.doc?.errors ?? []) {
    const pos = parsed.lineCounter.linePos(e.pos[0]);
    const end = parsed.lineCounter.linePos(e.pos[1]);
    problems.push({
      message: e.message.split('\n', 1)[0] ?? e.message,
      route: '',
      kind: 'yaml',
      code: e.code,
      span: { line: pos.line, column: pos.col, endLine: end.line, endColumn: end.col },
    });
  }
  if (!parsed.doc && parsed.error) {
    const { line, column } = parsed.error;
    problems.push({
      message: parsed.error.message,
      route: '',
      kind: /nested too deeply/.test(parsed.error.message) ? 'limit' : 'yaml',
      ...(line !== undefined && column !== undefined
        ? { span: { line, column, endLine: line, endColumn: column } }
        : {}),
    });
  }
  problems.push(...r.problems);
  if (r.d.exceeded)
    problems.push({
      message: `more than ${r.d.limit} alias steps followed (YAML alias bomb?); the rest were not read`,
      route: '',
      kind: 'limit',
    });
  return problems;
}

function rootOf(r: Reader, parsed: SafeYamlDocument, text: string): YValue | undefined {
  const root = locatedTree(parsed, text);
  if (root && expandedSize(root) >= MAX_EXPANDED_NODES)
    r.limit(`aliases expand to over ${MAX_EXPANDED_NODES} YAML nodes (YAML alias bomb?)`);
  if (root && !r.map(root) && !(root.kind === 'scalar' && root.value === null))
    r.problem('the document is not a mapping', root);
  return root;
}

/** A workflow (`.github/workflows/*.yml`) from its parsed document. */
export function workflowFrom(parsed: SafeYamlDocument, path: string, text: string): Workflow {
  const r = new Reader();
  const root = rootOf(r, parsed, text);
  const wf: Workflow = { kind: 'workflow', path, triggers: [], jobs: [], problems: [] };
  const name = r.str(r.get(root, 'name'), 'name');
  if (name) wf.name = name;
  const runName = r.str(r.get(root, 'run-name'), 'run-name');
  if (runName) wf.runName = runName;
  // YAML 1.1 readers turn a bare `on` key into true; the yaml package (1.2) keeps "on"
  const on = r.get(root, 'on') ?? r.get(root, 'true');
  wf.triggers = readTriggers(r, on);
  const onKey = on && r.keys.get(on);
  if (onKey) wf.on = onKey;
  const env = readEnv(r, r.get(root, 'env'), 'env');
  if (env) wf.env = env;
  const permissions = readPermissions(r, r.get(root, 'permissions'));
  if (permissions) wf.permissions = permissions;
  const defaults = r.get(root, 'defaults');
  if (defaults !== undefined) wf.defaults = defaults;
  const concurrency = r.get(root, 'concurrency');
  if (concurrency !== undefined) wf.concurrency = concurrency;
  for (const { key, value } of r.entries(r.get(root, 'jobs'), 'jobs')) {
    const job = readJob(r, key, value);
    if (job) wf.jobs.push(job);
  }
  wf.problems = finish(r, parsed);
  return wf;
}

/** Action metadata (`action.yml`): composite steps, a JavaScript entry point or a Docker image. */
export function actionFrom(parsed: SafeYamlDocument, path: string, text: string): Action {
  const r = new Reader();
  const root = rootOf(r, parsed, text);
  const action: Action = { kind: 'action', path, inputs: [], problems: [] };
  const name = r.str(r.get(root, 'name'), 'name');
  if (name) action.name = name;
  const description = r.str(r.get(root, 'description'), 'description');
  if (description) action.description = description;
  for (const { key, value } of r.entries(r.get(root, 'inputs'), 'inputs')) {
    const def = r.str(r.get(value, 'default'), 'default');
    const required = r.str(r.get(value, 'required'), 'required');
    action.inputs.push({
      id: key,
      value,
      ...(def ? { default: def } : {}),
      ...(required ? { required } : {}),
    });
  }
  const outputs = readParams(r, r.get(root, 'outputs'), 'outputs');
  if (outputs) action.outputs = outputs;
  const runs = r.get(root, 'runs');
  if (runs !== undefined && r.of(runs)) {
    const using = r.str(r.get(runs, 'using'), 'using');
    const u = using?.value.trim().toLowerCase() ?? '';
    const type =
      u === 'composite' ? 'composite' : /^node\d+$/.test(u) ? 'node' : u === 'docker' ? 'docker' : 'unknown';
    const out: NonNullable<Action['runs']> = {
      ...r.at(runs),
      type,
      steps: readSteps(r, r.get(runs, 'steps')),
    };
    if (using) out.using = using;
    for (const [key, field] of [
      ['main', 'main'],
      ['pre', 'pre'],
      ['post', 'post'],
      ['image', 'image'],
      ['entrypoint', 'entrypoint'],
    ] as const) {
      const s = r.str(r.get(runs, key), key);
      if (s) out[field] = s;
    }
    const args = r.get(runs, 'args');
    if (args !== undefined) out.args = r.strings(args, 'args');
    const env = readEnv(r, r.get(runs, 'env'), 'env');
    if (env) out.env = env;
    action.runs = out;
  }
  action.problems = finish(r, parsed);
  return action;
}

function readUpdate(r: Reader, v: YValue): DependabotUpdate | undefined {
  const m = r.map(v);
  if (!m) {
    r.problem('update entry is not a mapping', v);
    return undefined;
  }
  const u: DependabotUpdate = {
    ...r.at(v),
    directories: r.strings(r.get(m, 'directories'), 'directories'),
  };
  const set = <K extends keyof DependabotUpdate>(key: K, value: DependabotUpdate[K] | undefined) => {
    if (value !== undefined) u[key] = value;
  };
  set('ecosystem', r.str(r.get(m, 'package-ecosystem'), 'package-ecosystem'));
  set('directory', r.str(r.get(m, 'directory'), 'directory'));
  const schedule = r.get(m, 'schedule');
  if (schedule !== undefined && r.map(schedule)) {
    const s: NonNullable<DependabotUpdate['schedule']> = r.at(schedule);
    for (const key of ['interval', 'day', 'time', 'timezone', 'cron'] as const) {
      const value = r.str(r.get(schedule, key), key);
      if (value) s[key] = value;
    }
    u.schedule = s;
  }
  set('openPullRequestsLimit', r.str(r.get(m, 'open-pull-requests-limit'), 'open-pull-requests-limit'));
  set('targetBranch', r.str(r.get(m, 'target-branch'), 'target-branch'));
  set('groups', r.get(m, 'groups'));
  set('allow', r.get(m, 'allow'));
  set('ignore', r.get(m, 'ignore'));
  set('registries', r.get(m, 'registries'));
  return u;
}

/** Dependabot configuration (`.github/dependabot.yml`). */
export function dependabotFrom(parsed: SafeYamlDocument, path: string, text: string): DependabotConfig {
  const r = new Reader();
  const root = rootOf(r, parsed, text);
  const config: DependabotConfig = { kind: 'dependabot', path, updates: [], hasUpdates: false, problems: [] };
  const version = r.str(r.get(root, 'version'), 'version');
  if (version) config.version = version;
  const updates = r.get(root, 'updates');
  config.hasUpdates = r.seq(updates) !== undefined;
  for (const item of r.items(updates, 'updates')) {
    const u = readUpdate(r, item);
    if (u) config.updates.push(u);
  }
  const registries = r.get(root, 'registries');
  if (registries !== undefined) config.registries = registries;
  config.problems = finish(r, parsed);
  return config;
}

export type ActionsFileKind = ActionsFile['kind'];

/** The kind a path holds: action.yml|yaml is action metadata, .github/dependabot.yml the Dependabot config. */
export function kindOfPath(path: string): ActionsFileKind {
  const base = basename(path);
  if (base === 'action.yml' || base === 'action.yaml') return 'action';
  if (/(^|\/)\.github\/dependabot\.ya?ml$/.test(path)) return 'dependabot';
  return 'workflow';
}

/**
 * One file's model: parsed once with the bounded parser (duplicate keys recorded, as GitHub rejects
 * them) and built by its kind (from the path unless given).
 */
export function buildActionsFile(file: { path: string; text: string; kind?: ActionsFileKind }): ActionsFile {
  const parsed = parseYamlDocument(file.text, { uniqueKeys: true });
  const kind = file.kind ?? kindOfPath(file.path);
  if (kind === 'action') return actionFrom(parsed, file.path, file.text);
  if (kind === 'dependabot') return dependabotFrom(parsed, file.path, file.text);
  return workflowFrom(parsed, file.path, file.text);
}

export interface ActionsModel {
  workflows: Workflow[];
  actions: Action[];
  dependabot: DependabotConfig[];
  /** Every file by path. */
  byPath: Map<string, ActionsFile>;
}

/** The model of several files (workflows, action metadata, Dependabot configs), each built once. */
export function buildActionsModel(files: readonly { path: string; text: string }[]): ActionsModel {
  const model: ActionsModel = { workflows: [], actions: [], dependabot: [], byPath: new Map() };
  for (const f of files) {
    const built = buildActionsFile(f);
    model.byPath.set(f.path, built);
    if (built.kind === 'workflow') model.workflows.push(built);
    else if (built.kind === 'action') model.actions.push(built);
    else model.dependabot.push(built);
  }
  return model;
}

/** Problems that mean the file was not read as GitHub would read it (invalid YAML, limits). */
export function blockingProblem(file: ActionsFile, ignore: readonly string[] = []): Problem | undefined {
  return file.problems.find(
    (p) => (p.kind === 'yaml' && !ignore.includes(p.code ?? '')) || p.kind === 'limit',
  );
}

export type { Span };
