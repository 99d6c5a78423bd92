/**
 * The GitHub Actions model: workflows, action metadata (composite, JavaScript, Docker) and
 * Dependabot configuration, as typed values where every node keeps its span and symbolic route.
 * Values GitHub would reject, and values this model cannot read, are kept as `problems`.
 */
import type { Located, Span, YValue } from './yaml-tree.js';

export type { Located, Span, YMap, YScalar, YValue } from './yaml-tree.js';

/** A string-valued node (numbers and booleans as written). */
export interface Str extends Located {
  value: string;
  /** Set when YAML read the value as a number or boolean (`value` is then its text). */
  typed?: 'number' | 'boolean';
  /** Set when the value was reached through a YAML alias: where the alias is. */
  via?: Span;
  /** Block scalars: where the text starts; `lineMapped` when line i of the value is source line `line + i`. */
  text?: { line: number; column: number; indent: number; lineMapped: boolean };
  /** A comment after the value on its line, without the `#` (`# v6.5.0` after a pinned `uses:`). */
  comment?: string;
}

export interface Problem {
  message: string;
  route: string;
  span?: Span;
  /** `yaml`: the file is not valid YAML; `limit`: a resource limit stopped reading; `shape`: a value of the wrong type. */
  kind: 'yaml' | 'limit' | 'shape';
  /** The yaml package's error code (DUPLICATE_KEY, ...), for `yaml` problems. */
  code?: string;
}

/** An env map: constant entries resolved, the rest kept as written. */
export interface Env extends Located {
  /** The `env:` key's span. */
  key?: Span;
  entries: EnvEntry[];
  /** `env: ${{ fromJSON(...) }}`: the whole map is an expression and its names are unknown. */
  expression?: Str;
}

export interface EnvEntry {
  name: Str;
  value: YValue;
  /** The value as text when it holds no expression. */
  constant?: string;
}

export interface Permissions extends Located {
  /** The `permissions:` key's span. */
  key?: Span;
  /** `read-all`, `write-all`, `{}` written as a scalar, or an expression. */
  all?: Str;
  scopes: { scope: Str; level: Str }[];
}

export interface Trigger extends Located {
  /** Event name: push, pull_request, pull_request_target, schedule, workflow_dispatch, workflow_call ... */
  event: string;
  /** The event's configuration (branches, paths, types, cron ...) as written; undefined for a bare event. */
  config?: YValue;
  /** `types:` filter values. */
  types: string[];
  /** `branches:` / `branches-ignore:` / `tags:` / `paths:` ... filter values, by filter name. */
  filters: Record<string, string[]>;
}

/** A parsed `uses:` value. */
export interface Uses {
  raw: Str;
  kind: 'repository' | 'docker' | 'local' | 'expression' | 'invalid';
  /** repository: owner, repo, path inside the repository (no leading slash), ref after '@'. */
  owner?: string;
  repo?: string;
  path?: string;
  ref?: string;
  /** docker: the image reference after `docker://`. */
  image?: string;
  /** local: the repository path after `./`, without trailing slash. */
  local?: string;
}

export interface Params extends Located {
  entries: { name: Str; value: YValue; text?: string }[];
}

export interface Step extends Located {
  index: number;
  id?: Str;
  name?: Str;
  if?: Str;
  uses?: Uses;
  with?: Params;
  env?: Env;
  run?: Str;
  shell?: Str;
  workingDirectory?: Str;
  /** `continue-on-error:` as written (a boolean or an expression). */
  continueOnError?: Str;
  timeoutMinutes?: Str;
}

export interface Matrix extends Located {
  /** The matrix as written. */
  value: YValue;
  /** Constant expansion (include/exclude applied); undefined when any part is an expression or over the limit. */
  combinations?: Record<string, unknown>[];
  /** Why `combinations` is undefined. */
  notConstant?: string;
}

export interface Container extends Located {
  image?: Str;
  /** Credentials, options and the rest as written. */
  value: YValue;
}

export interface Job extends Located {
  id: Str;
  name?: Str;
  runsOn?: YValue;
  /** The `runs-on:` key's span. */
  runsOnKey?: Span;
  if?: Str;
  env?: Env;
  permissions?: Permissions;
  needs: Str[];
  strategy?: { matrix?: Matrix; failFast?: Str; maxParallel?: Str } & Located;
  container?: Container;
  services: { id: Str; container: Container }[];
  /** A reusable-workflow call (`jobs.<id>.uses`). */
  uses?: Uses;
  with?: Params;
  /** `secrets: inherit`, or the secrets passed. */
  secrets?: { inherit: true; raw: Str } | { inherit: false; params: Params };
  steps: Step[];
  continueOnError?: Str;
  timeoutMinutes?: Str;
  environment?: YValue;
  outputs?: Params;
  defaults?: YValue;
  concurrency?: YValue;
}

export interface Workflow {
  kind: 'workflow';
  path: string;
  name?: Str;
  runName?: Str;
  /** The `on:` key's span. */
  on?: Span;
  triggers: Trigger[];
  env?: Env;
  permissions?: Permissions;
  defaults?: YValue;
  concurrency?: YValue;
  jobs: Job[];
  problems: Problem[];
}

export interface Action {
  kind: 'action';
  path: string;
  name?: Str;
  description?: Str;
  inputs: { id: Str; value: YValue; default?: Str; required?: Str }[];
  outputs?: Params;
  runs?: {
    using?: Str;
    /** composite, node (node12/16/20/24), docker, or unknown. */
    type: 'composite' | 'node' | 'docker' | 'unknown';
    steps: Step[];
    main?: Str;
    pre?: Str;
    post?: Str;
    image?: Str;
    entrypoint?: Str;
    args?: Str[];
    env?: Env;
  } & Located;
  problems: Problem[];
}

export interface DependabotUpdate extends Located {
  ecosystem?: Str;
  directory?: Str;
  directories: Str[];
  schedule?: { interval?: Str; day?: Str; time?: Str; timezone?: Str; cron?: Str } & Located;
  /** `open-pull-requests-limit` as written (0 turns version updates off). */
  openPullRequestsLimit?: Str;
  targetBranch?: Str;
  groups?: YValue;
  allow?: YValue;
  ignore?: YValue;
  registries?: YValue;
}

export interface DependabotConfig {
  kind: 'dependabot';
  path: string;
  version?: Str;
  updates: DependabotUpdate[];
  /** True when `updates:` is a list (possibly empty). */
  hasUpdates: boolean;
  registries?: YValue;
  problems: Problem[];
}

export type ActionsFile = Workflow | Action | DependabotConfig;
