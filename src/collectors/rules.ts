/**
 * Detection knowledge lives in rules/*.yaml (data, versioned) so it can be reviewed and extended
 * without touching code. This module loads and validates every rule file once. The directory is
 * resolved from this module's URL: src/collectors -> rules/ and dist/collectors -> rules/ alike.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { shippedValues } from '../catalogue/shipped-data.js';
import { yamlLibrary } from '../util/yaml.js';
import { lazySchema, type Zod } from '../util/zod.js';

export const RULES_DIR = new URL('../../rules/', import.meta.url);

/** The rule-file format version this code understands. */
export const RULES_VERSION = 1;

function validRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

/** A rule's regular expression: a string JavaScript compiles. */
export const regexSource = lazySchema((z) =>
  z.string().min(1).refine(validRegex, { message: 'not a valid JavaScript regular expression' }),
);

export const staticAnalysisKinds = ['sast', 'sca', 'secrets', 'iac', 'workflow'] as const;
export type StaticAnalysisKind = (typeof staticAnalysisKinds)[number];

/** The schemas of the rule files this module owns, built only when a file must be validated. */
const schemas = lazySchema((z: Zod) => {
  const regex = regexSource();
  const glob = z.string().min(1);
  const version = z.literal(RULES_VERSION);

  const dependenciesRule = z.strictObject({
    json: z.array(z.string()).optional(),
    toml: z.array(z.string()).optional(),
    /** Which of the json / toml keys hold development-only dependencies (never installed by users). */
    development: z.array(z.string()).optional(),
    regex: regex.optional(),
    ignore: z.array(regex).optional(),
  });

  const workspaceRule = z.strictObject({
    covers: z.enum(['members', 'descendants']),
    json: z.array(z.string()).optional(),
    toml: z.array(z.string()).optional(),
    tomlExclude: z.array(z.string()).optional(),
    sideFiles: z.array(z.strictObject({ name: z.string(), yamlKey: z.string() })).optional(),
    rootMarker: z
      .strictObject({ toml: z.array(z.string()).optional(), json: z.array(z.string()).optional() })
      .optional(),
  });

  const publishedRule = z.strictObject({
    /** The key (json / toml, as in `json` / `toml`) holding the package's registry name. */
    name: z.string().optional(),
    json: z.array(z.string()).optional(),
    toml: z.array(z.string()).optional(),
    unlessEquals: z.record(z.string(), z.union([z.boolean(), z.string()])).optional(),
    unlessKeys: z.array(z.string()).optional(),
    unlessFiles: z.array(z.string()).optional(),
  });

  const manifestRule = z.strictObject({
    id: z.string(),
    files: z.array(glob).min(1),
    lockfiles: z.array(glob),
    pinnedLockfiles: z.array(glob).optional(),
    selfLock: z.enum(['pinned-requirements']).optional(),
    dependencies: dependenciesRule.optional(),
    workspace: workspaceRule.optional(),
    noStandardLockfile: z.boolean().optional(),
    dynamicVersions: z.string().optional(),
    published: publishedRule.optional(),
    dependabot: z.array(z.string()),
    renovate: z.array(z.string()),
    remediation: z.string(),
  });

  const packageManagersSchema = z.strictObject({
    version,
    ecosystems: z.array(
      z.strictObject({ id: z.string(), name: z.string(), manifests: z.array(manifestRule).min(1) }),
    ),
  });

  const ciSystemsSchema = z.strictObject({
    version,
    systems: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        format: z.enum(['yaml', 'jenkins']),
        commandKeys: z.array(z.string()).default([]),
        usesKeys: z.array(z.string()).default([]),
        paramKeys: z.array(z.string()).default([]),
        jobsAt: z.array(z.string()).default([]),
        notJobs: z.array(z.string()).default([]),
        stepRefKeys: z.array(z.string()).default([]),
      }),
    ),
  });

  const testCommandsSchema = z.strictObject({
    version,
    commands: z.array(z.strictObject({ id: z.string(), regex: regex, unless: regex.optional() })),
    actions: z.array(
      z.strictObject({
        id: z.string(),
        uses: z.array(z.string()).min(1),
        params: z.record(z.string(), regex).optional(),
      }),
    ),
    scriptRunners: z.array(
      z.strictObject({
        id: z.string(),
        regex: regex,
        source: z.enum(['package.json', 'Makefile', 'script-file']),
      }),
    ),
    gatingEvents: z.array(z.string()).min(1),
  });

  const dependencyUpdateToolsSchema = z.strictObject({
    version,
    tools: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        files: z.array(glob),
        config: z.enum(['dependabot', 'renovate', 'none']),
        coversAll: z.boolean(),
        ecosystems: z.array(z.string()).optional(),
        packageJsonKey: z.string().optional(),
        actions: z.array(z.string()).optional(),
        commands: z.array(regex).optional(),
      }),
    ),
  });

  const staticAnalysisToolsSchema = z.strictObject({
    version,
    tools: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        kind: z.enum(staticAnalysisKinds),
        actions: z.array(z.string()).optional(),
        commands: z.array(regex).optional(),
        reusableWorkflows: regex.optional(),
        configFiles: z.array(glob).optional(),
        configContains: regex.optional(),
        needsConfig: z.boolean().optional(),
        service: z.boolean().optional(),
      }),
    ),
  });

  const signal = z.strictObject({ id: z.string(), regex: regex });

  const securityPolicySchema = z.strictObject({
    version,
    policyFiles: z.array(glob).min(1),
    securityTxtFiles: z.array(glob).min(1),
    sectionFiles: z.array(glob).min(1),
    sections: z.strictObject({ heading: regex, about: regex, paragraph: regex }),
    contact: z.strictObject({
      ignoreEmailDomains: z.array(z.string()),
      reportingUrls: z.array(regex),
      urlContext: regex,
      instruction: regex,
      incidental: regex,
      delegation: regex,
      delegationTopic: regex,
      pointerOnlyMaxChars: z.number().int().positive().max(10000),
      channelPhrases: z.array(regex),
    }),
    disclosure: z.strictObject({ report: z.array(signal).min(1), handling: z.array(signal).min(1) }),
    quality: z.strictObject({
      scope: z.array(signal).min(1),
      safeHarbour: z.array(signal).min(1),
      supportedVersions: z.array(signal).min(1),
    }),
    responseTimes: z.strictObject({
      duration: regex,
      context: regex,
      exclude: regex,
      windowChars: z.number().int().positive().max(1000),
      kinds: z.record(z.string(), regex),
    }),
  });

  return {
    manifestRule,
    packageManagersSchema,
    ciSystemsSchema,
    testCommandsSchema,
    dependencyUpdateToolsSchema,
    staticAnalysisToolsSchema,
    securityPolicySchema,
  };
});

type Schemas = ReturnType<typeof schemas>;

export type PackageManagerRules = z.infer<Schemas['packageManagersSchema']>;
export type ManifestRule = z.infer<Schemas['manifestRule']>;
export type CiSystemRules = z.infer<Schemas['ciSystemsSchema']>;
export type CiSystemRule = CiSystemRules['systems'][number];
export type TestCommandRules = z.infer<Schemas['testCommandsSchema']>;
export type DependencyUpdateToolRules = z.infer<Schemas['dependencyUpdateToolsSchema']>;
export type DependencyUpdateToolRule = DependencyUpdateToolRules['tools'][number];
export type StaticAnalysisToolRules = z.infer<Schemas['staticAnalysisToolsSchema']>;
export type StaticAnalysisToolRule = StaticAnalysisToolRules['tools'][number];
export type SecurityPolicyRules = z.infer<Schemas['securityPolicySchema']>;

export interface Rules {
  packageManagers: PackageManagerRules;
  ciSystems: CiSystemRules;
  testCommands: TestCommandRules;
  dependencyUpdateTools: DependencyUpdateToolRules;
  staticAnalysisTools: StaticAnalysisToolRules;
  securityPolicy: SecurityPolicyRules;
}

const files = {
  packageManagers: ['package-managers.yaml', 'packageManagersSchema'],
  ciSystems: ['ci-systems.yaml', 'ciSystemsSchema'],
  testCommands: ['test-commands.yaml', 'testCommandsSchema'],
  dependencyUpdateTools: ['dependency-update-tools.yaml', 'dependencyUpdateToolsSchema'],
  staticAnalysisTools: ['static-analysis-tools.yaml', 'staticAnalysisToolsSchema'],
  securityPolicy: ['security-policy.yaml', 'securityPolicySchema'],
} as const satisfies Record<keyof Rules, readonly [string, keyof Schemas]>;

/** Parses one rule file's YAML; throws with the file name when it is not valid YAML. */
export function parseRuleYaml(name: string, text: string): unknown {
  // yaml loads here, not at import: runs read the build's parsed data.
  try {
    return yamlLibrary().parse(text, { maxAliasCount: 50, prettyErrors: false });
  } catch (e) {
    throw new Error(`rules/${name}: not valid YAML (${e instanceof Error ? e.message : String(e)})`);
  }
}

function readRuleText(dir: URL, name: string): string {
  try {
    return readFileSync(new URL(name, dir), 'utf8');
  } catch (e) {
    throw new Error(`rules/${name}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function validateRules<S extends z.ZodType>(name: string, data: unknown, schema: S): z.infer<S> {
  // Validated once per process: zod's compiled fast path for objects costs more to build than it saves.
  const result = schema.safeParse(data, { jitless: true });
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`rules/${name}: ${issues}`);
  }
  return result.data;
}

type RuleFiles = typeof files;

/** Parses and validates the rule files of `dir` (build time, tests, and runs without the build's data). */
export function validateRuleFiles(dir: URL = RULES_DIR): {
  [K in keyof Rules]: { name: string; text: string; value: Rules[K] };
} {
  const out = {} as { [K in keyof Rules]: { name: string; text: string; value: Rules[K] } };
  for (const [key, [name, schema]] of Object.entries(files) as [
    keyof RuleFiles,
    RuleFiles[keyof RuleFiles],
  ][]) {
    const text = readRuleText(dir, name);
    (out as Record<string, unknown>)[key] = {
      name,
      text,
      value: validateRules(name, parseRuleYaml(name, text), schemas()[schema]),
    };
  }
  return out;
}

/**
 * Every rule file in `dir`, validated. The shipped rules come from the build's validated data
 * (../catalogue/shipped-data.ts) while the files hold the text it was made from; otherwise they
 * are parsed and validated. Throws with the file name and path of the first problems.
 */
export function loadRules(dir: URL = RULES_DIR): Rules {
  if (dir.href === RULES_DIR.href) {
    const texts: Record<string, string> = {};
    for (const [name] of Object.values(files)) texts[name] = readRuleText(dir, name);
    const shipped = shippedValues('rules', texts);
    if (shipped) {
      const out: Record<string, unknown> = {};
      for (const [key, [name]] of Object.entries(files)) out[key] = shipped[name];
      return out as unknown as Rules;
    }
  }
  const validated = validateRuleFiles(dir);
  return {
    packageManagers: validated.packageManagers.value,
    ciSystems: validated.ciSystems.value,
    testCommands: validated.testCommands.value,
    dependencyUpdateTools: validated.dependencyUpdateTools.value,
    staticAnalysisTools: validated.staticAnalysisTools.value,
    securityPolicy: validated.securityPolicy.value,
  };
}

/** Rule files loaded through ruleFile in this process: the text read and the value it gave. */
const fileCache = new Map<string, { text: string; value: unknown }>();

/**
 * One rule file from rules/ with a caller's schema, loaded once per process. For rule files owned
 * by other modules (rules/ai-indicators.yaml, ...), so every rule file is read and validated the
 * same way: the build's validated value while the file still holds the text it was made from
 * (../catalogue/shipped-data.ts), else parsed and validated now.
 */
export function ruleFile<S extends z.ZodType>(name: string, schema: () => S): z.infer<S> {
  let loaded = fileCache.get(name);
  if (!loaded) {
    const text = readRuleText(RULES_DIR, name);
    const shipped = shippedValues('rules', { [name]: text });
    const value = shipped ? shipped[name] : validateRules(name, parseRuleYaml(name, text), schema());
    loaded = { text, value };
    fileCache.set(name, loaded);
  }
  return loaded.value as z.infer<S>;
}

/**
 * The rule files ruleFile has loaded in this process, with their text and value. The build loads
 * every owner's file (rule-file-owners.ts) with no shipped data present, so each value here was
 * validated by its owner's schema, and ships them.
 */
export function ruleFilesLoaded(): Record<string, { text: string; value: unknown }> {
  return Object.fromEntries(fileCache);
}

let cached: Rules | undefined;

/** The shipped rules, loaded once per process. */
export function rules(): Rules {
  cached ??= loadRules();
  return cached;
}

const regexCache = new Map<string, RegExp>();

/**
 * A compiled rule regex, cached. Global regexes are shared: callers must reset `lastIndex` (the
 * helpers in this folder use `matchAll`, which copies the regex).
 */
export function ruleRegex(source: string, flags = ''): RegExp {
  const key = `${flags}/${source}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    regexCache.set(key, re);
  }
  return re;
}
