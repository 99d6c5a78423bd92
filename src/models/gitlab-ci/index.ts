/**
 * The GitLab CI model (a library: no I/O). One file at a time: its includes, defaults, workflow
 * rules and jobs, each value with its span and route (`deploy.script[0]`). GitLab files use
 * anchors and `<<:` merge keys on purpose, so the located tree keeps aliases unexpanded and every
 * step through one counts against one budget (src/models/github-actions/yaml-tree.ts); a file
 * whose aliases would expand past what a real file holds is an alias bomb and an error. `extends:`
 * is resolved within the file (GitLab's deep merge; lists replaced), a bounded number of levels.
 */
import { parseYamlDocument } from '../../util/yaml.js';
import {
  Deref,
  expandedSize,
  locatedTree,
  MAX_EXPANDED_NODES,
  routeJoin,
  type Span,
  scalarText,
  type YValue,
} from '../github-actions/yaml-tree.js';

/** A string value where it is written. */
export interface Str {
  value: string;
  span: Span;
  route: string;
}

export type IncludeKind = 'local' | 'remote' | 'project' | 'template' | 'component';

export interface Include {
  kind: IncludeKind;
  /** The path, URL, project path, template name or component address. */
  value: Str;
  /** project includes: the ref (branch, tag or commit) when given. */
  ref?: Str;
  /** project includes: the files named. */
  files?: Str[];
  /** remote includes: `integrity: sha256-...`. */
  integrity?: Str;
}

export interface Command {
  /** script, before_script or after_script. */
  key: string;
  text: string;
  span: Span;
  route: string;
}

export interface GitlabJob {
  name: string;
  /** Hidden jobs (`.name`) are templates: they never run themselves. */
  hidden: boolean;
  span: Span;
  route: string;
  image?: Str;
  services: Str[];
  commands: Command[];
  variables: Map<string, Str>;
  /** `rules:if` expressions, and `only`/`except` refs. */
  rulesIf: Str[];
  only: Str[];
  except: Str[];
  environment?: Str;
  /** Names under `secrets:` and `id_tokens:`: credentials GitLab hands the job. */
  secrets: Str[];
  idTokens: Str[];
}

export interface GitlabFile {
  path: string;
  includes: Include[];
  /** `default:` (and top-level) image and services. */
  defaultImage?: Str;
  defaultServices: Str[];
  workflowRulesIf: Str[];
  jobs: GitlabJob[];
  /** Values of the wrong shape, and limits reached (never fatal). */
  problems: { message: string; route: string; span?: Span }[];
  /** Set when the file could not be modelled at all (syntax, nesting, alias bomb). */
  error?: string;
}

/** Keys at the top of a pipeline that are not jobs. */
const RESERVED = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
  'pages:deploy',
]);
const COMMAND_KEYS = ['before_script', 'script', 'after_script'];
/** GitLab's own limit on `extends:` depth. */
const MAX_EXTENDS_DEPTH = 11;

class Reader {
  readonly d = new Deref();
  readonly problems: GitlabFile['problems'] = [];

  /** A map's entries with `<<:` merge keys applied (own keys win), each with its route. */
  entries(
    v: YValue | undefined,
    route: string,
    depth = 0,
  ): { key: string; value: YValue; route: string; span: Span }[] {
    const m = this.d.of(v);
    if (m?.kind !== 'map' || depth > 20) return [];
    const own = new Map<string, { key: string; value: YValue; route: string; span: Span }>();
    const merged: { key: string; value: YValue; route: string; span: Span }[] = [];
    for (const e of m.entries) {
      const key = String(e.key.value);
      if (key === '<<') {
        const sources = this.d.of(e.value);
        const list = sources?.kind === 'seq' ? sources.items : [e.value];
        for (const src of list) merged.push(...this.entries(src, route, depth + 1));
        continue;
      }
      if (!own.has(key))
        own.set(key, { key, value: e.value, route: routeJoin(route, key), span: e.key.span });
    }
    for (const e of merged) if (!own.has(e.key)) own.set(e.key, { ...e, route: routeJoin(route, e.key) });
    return [...own.values()];
  }

  get(v: YValue | undefined, route: string, key: string) {
    return this.entries(v, route).find((e) => e.key === key);
  }

  str(v: YValue | undefined, route: string): Str | undefined {
    const s = this.d.of(v);
    if (s?.kind !== 'scalar') return undefined;
    const text = scalarText(s);
    return text === undefined ? undefined : { value: text, span: (v ?? s).span, route };
  }

  /** A string, a list of strings, or nested lists of strings (`!reference` and anchors nest them). */
  strings(v: YValue | undefined, route: string, depth = 0): Str[] {
    const s = this.d.of(v);
    if (!s || depth > 10) return [];
    if (s.kind === 'seq')
      return s.items.flatMap((item, i) => this.strings(item, routeJoin(route, i), depth + 1));
    const one = this.str(v, route);
    return one ? [one] : [];
  }

  /** `image: x` or `image: { name: x }`. */
  image(v: YValue | undefined, route: string): Str | undefined {
    const s = this.d.of(v);
    if (s?.kind === 'map') {
      const name = this.get(s, route, 'name');
      return name ? this.str(name.value, name.route) : undefined;
    }
    return this.str(v, route);
  }

  services(v: YValue | undefined, route: string): Str[] {
    const s = this.d.of(v);
    if (s?.kind !== 'seq') return [];
    return s.items.flatMap((item, i) => {
      const img = this.image(item, routeJoin(route, i));
      return img ? [img] : [];
    });
  }

  rulesIf(v: YValue | undefined, route: string): Str[] {
    const s = this.d.of(v);
    if (s?.kind !== 'seq') return [];
    return s.items.flatMap((item, i) => {
      const cond = this.get(item, routeJoin(route, i), 'if');
      const str = cond ? this.str(cond.value, cond.route) : undefined;
      return str ? [str] : [];
    });
  }
}

function includesOf(r: Reader, v: YValue | undefined): Include[] {
  const s = r.d.of(v);
  const items =
    s?.kind === 'seq'
      ? s.items.map((item, i) => [item, routeJoin('include', i)] as const)
      : v
        ? [[v, 'include'] as const]
        : [];
  const out: Include[] = [];
  for (const [item, route] of items) {
    const plain = r.str(item, route);
    if (plain) {
      // a bare string is a local path, or a remote URL
      out.push({ kind: /^https?:\/\//i.test(plain.value) ? 'remote' : 'local', value: plain });
      continue;
    }
    const field = (k: string) => {
      const e = r.get(item, route, k);
      return e ? r.str(e.value, e.route) : undefined;
    };
    for (const kind of ['local', 'remote', 'template', 'component', 'project'] as const) {
      const value = field(kind);
      if (!value) continue;
      const include: Include = { kind, value };
      const ref = field('ref');
      if (ref) include.ref = ref;
      const integrity = field('integrity');
      if (integrity) include.integrity = integrity;
      if (kind === 'project') {
        const files = r.get(item, route, 'file');
        if (files) include.files = r.strings(files.value, files.route);
      }
      out.push(include);
      break;
    }
  }
  return out;
}

interface RawJob {
  name: string;
  value: YValue;
  route: string;
  span: Span;
}

/** The job's entries with `extends:` templates merged under its own (deep for maps, lists replaced). */
function resolvedEntries(
  r: Reader,
  job: RawJob,
  byName: Map<string, RawJob>,
  depth = 0,
  seen = new Set<string>(),
) {
  const own = r.entries(job.value, job.route);
  const ext = own.find((e) => e.key === 'extends');
  if (!ext || depth >= MAX_EXTENDS_DEPTH) {
    if (ext)
      r.problems.push({ message: `extends deeper than ${MAX_EXTENDS_DEPTH} levels`, route: ext.route });
    return own;
  }
  const out = new Map<string, { key: string; value: YValue; route: string; span: Span }>();
  for (const parentName of r.strings(ext.value, ext.route)) {
    const parent = byName.get(parentName.value);
    if (!parent || seen.has(parent.name)) continue;
    for (const e of resolvedEntries(r, parent, byName, depth + 1, new Set([...seen, job.name])))
      out.set(e.key, e);
  }
  for (const e of own) out.set(e.key, e);
  return [...out.values()];
}

export function buildGitlabFile(path: string, text: string): GitlabFile {
  const file: GitlabFile = {
    path,
    includes: [],
    defaultServices: [],
    workflowRulesIf: [],
    jobs: [],
    problems: [],
  };
  const parsed = parseYamlDocument(text);
  if (parsed.error) {
    const e = parsed.error;
    file.error = `${e.line ? `${e.line}:${e.column}: ` : ''}${e.message}`;
    return file;
  }
  const root = locatedTree(parsed, text);
  if (!root) return file;
  if (expandedSize(root) >= MAX_EXPANDED_NODES) {
    file.error = `aliases expand to more than ${MAX_EXPANDED_NODES} nodes (a YAML alias bomb?)`;
    return file;
  }
  const r = new Reader();
  if (r.d.of(root)?.kind !== 'map') {
    file.error = 'the pipeline is not a mapping of keywords and jobs';
    return file;
  }
  const top = r.entries(root, '');
  const at = (key: string) => top.find((e) => e.key === key);
  file.includes = includesOf(r, at('include')?.value);
  const defaults = at('default');
  const defaultImage = defaults ? r.get(defaults.value, defaults.route, 'image') : undefined;
  const image = defaultImage ?? at('image');
  if (image) {
    const s = r.image(image.value, image.route);
    if (s) file.defaultImage = s;
  }
  const services =
    (defaults ? r.get(defaults.value, defaults.route, 'services') : undefined) ?? at('services');
  if (services) file.defaultServices = r.services(services.value, services.route);
  const workflow = at('workflow');
  const wfRules = workflow ? r.get(workflow.value, workflow.route, 'rules') : undefined;
  if (wfRules) file.workflowRulesIf = r.rulesIf(wfRules.value, wfRules.route);

  const raw: RawJob[] = top
    .filter((e) => !RESERVED.has(e.key) && r.d.of(e.value)?.kind === 'map')
    .map((e) => ({ name: e.key, value: e.value, route: e.route, span: e.span }));
  const byName = new Map(raw.map((j) => [j.name, j]));
  for (const job of raw) {
    const entries = resolvedEntries(r, job, byName);
    const get = (k: string) => entries.find((e) => e.key === k);
    const out: GitlabJob = {
      name: job.name,
      hidden: job.name.startsWith('.'),
      span: job.span,
      route: job.route,
      services: [],
      commands: [],
      variables: new Map(),
      rulesIf: [],
      only: [],
      except: [],
      secrets: [],
      idTokens: [],
    };
    const img = get('image');
    const jobImage = img ? r.image(img.value, img.route) : undefined;
    if (jobImage) out.image = jobImage;
    const svc = get('services');
    if (svc) out.services = r.services(svc.value, svc.route);
    for (const key of COMMAND_KEYS) {
      const e = get(key);
      if (!e) continue;
      for (const s of r.strings(e.value, e.route))
        out.commands.push({ key, text: s.value, span: s.span, route: s.route });
    }
    const vars = get('variables');
    for (const e of vars ? r.entries(vars.value, vars.route) : []) {
      const value = r.d.of(e.value)?.kind === 'map' ? r.get(e.value, e.route, 'value') : e;
      const s = value ? r.str(value.value, value.route) : undefined;
      if (s) out.variables.set(e.key, s);
    }
    const rules = get('rules');
    if (rules) out.rulesIf = r.rulesIf(rules.value, rules.route);
    for (const k of ['only', 'except'] as const) {
      const e = get(k);
      if (!e) continue;
      const refs = r.d.of(e.value)?.kind === 'map' ? r.get(e.value, e.route, 'refs') : e;
      if (refs) out[k] = r.strings(refs.value, refs.route);
    }
    const env = get('environment');
    if (env) {
      const name = r.d.of(env.value)?.kind === 'map' ? r.get(env.value, env.route, 'name') : env;
      const s = name ? r.str(name.value, name.route) : undefined;
      if (s) out.environment = s;
    }
    for (const [k, field] of [
      ['secrets', 'secrets'],
      ['id_tokens', 'idTokens'],
    ] as const) {
      const e = get(k);
      if (e)
        out[field] = r.entries(e.value, e.route).map((x) => ({ value: x.key, span: x.span, route: x.route }));
    }
    file.jobs.push(out);
  }
  if (r.d.exceeded)
    file.problems.push({ message: 'alias budget exceeded: some values were not read', route: '' });
  file.problems.push(...r.problems);
  return file;
}
