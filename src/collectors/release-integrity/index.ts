/**
 * Release integrity facts: which signing, provenance and checksum steps the CI configuration and
 * GoReleaser configuration hold (rules/release-integrity.yaml), which steps publish a release, and
 * the offline verification of release files: those committed in the tree beside their signatures
 * or checksum lists, and a release folder given on the command line (`--release-dir`).
 */
import { isAbsolute } from 'node:path';
import { readKeyFiles } from '../../release/keys.js';
import {
  type ReleaseMarkerRule,
  type ReleaseProvides,
  releaseFileKinds,
  releaseRules,
} from '../../release/rules.js';
import type { NamedKey } from '../../release/signatures.js';
import { folderSource, inventorySource } from '../../release/source.js';
import { type ReleaseVerification, verifyRelease } from '../../release/verify.js';
import {
  type CiFacts,
  type CiFile,
  ciFact,
  commandLines,
  positionInCommand,
  usesMatches,
} from '../ci/index.js';
import { ruleRegex } from '../rules.js';
import type { CollectContext, Collector } from '../types.js';
import { defineFact } from '../types.js';
import { errorText, filesWithBase } from '../util.js';

export interface ReleaseStep {
  /** The marker id (rules/release-integrity.yaml) or `publish`. */
  id: string;
  name: string;
  provides: ReleaseProvides[];
  path: string;
  line: number;
  column: number;
  /** Route in the file (`jobs.release.steps[3].uses`) where the model gives one. */
  route?: string;
  /** The action reference or command text matched. */
  text: string;
}

export interface ReleaseIntegrityFacts {
  /** Signing, provenance and checksum steps, each where it is written. */
  markers: ReleaseStep[];
  /** Steps that publish a release (upload, publish, push). */
  publishing: ReleaseStep[];
  /** CI and release configuration files that could not be read; what they hold is unknown. */
  unreadable: { path: string; error: string }[];
  /** Release files committed in the tree, verified; undefined when the tree holds no signature or checksum list. */
  tree?: ReleaseVerification;
  /** The `--release-dir` folder, verified, or why it could not be. */
  folder?: (ReleaseVerification & { dir: string }) | { dir: string; error: string };
}

function stepFromUses(file: CiFile, rule: ReleaseMarkerRule | undefined, id: string, name: string) {
  return (u: CiFile['uses'][number]): ReleaseStep => ({
    id,
    name,
    provides: rule?.provides ?? [],
    path: file.path,
    line: u.line,
    column: u.column,
    route: u.where,
    text: u.ref,
  });
}

/** Each command line matching one of `patterns`, once per command. */
function commandSteps(
  ci: CiFacts,
  patterns: readonly string[],
  make: (file: CiFile, at: { line: number; column: number; route: string; text: string }) => ReleaseStep,
): ReleaseStep[] {
  const out: ReleaseStep[] = [];
  const regexes = patterns.map((p) => ruleRegex(p, 'i'));
  for (const file of ci.files) {
    for (const command of file.commands) {
      let found = false;
      for (const line of commandLines(command)) {
        for (const re of regexes) {
          const m = re.exec(line.text);
          if (!m) continue;
          const at = positionInCommand(command, line.offset + m.index);
          out.push(make(file, { ...at, route: command.where, text: m[0].trim() }));
          found = true;
          break;
        }
        if (found) break;
      }
    }
  }
  return out;
}

function usesSteps(
  ci: CiFacts,
  prefixes: readonly string[],
  rule: ReleaseMarkerRule | undefined,
  id: string,
  name: string,
) {
  return ci.files.flatMap((file) =>
    file.uses
      .filter((u) => prefixes.some((p) => usesMatches(u, p)))
      .filter(
        (u) =>
          !rule?.unlessParams ||
          !Object.entries(rule.unlessParams).some(([k, re]) => {
            const v = u.params?.[k];
            return v !== undefined && ruleRegex(re, 'i').test(v);
          }),
      )
      .map(stepFromUses(file, rule, id, name)),
  );
}

async function configSteps(
  ctx: CollectContext,
  rule: ReleaseMarkerRule,
  unreadable: ReleaseIntegrityFacts['unreadable'],
) {
  const config = rule.config!;
  const out: ReleaseStep[] = [];
  for (const path of config.files.filter((p) => ctx.inventory.has(p))) {
    const read = await ctx.documents.yaml(path);
    if ('error' in read) {
      unreadable.push({ path, error: read.error });
      continue;
    }
    if (read.yaml.error || !read.yaml.doc) {
      unreadable.push({ path, error: read.yaml.error?.message ?? 'not YAML' });
      continue;
    }
    const doc = read.yaml.doc;
    const lc = read.yaml.lineCounter;
    for (const key of config.keys) {
      const node = doc.get(key, true) as { range?: [number, number, number]; items?: unknown[] } | undefined;
      const pair = (
        doc.contents as { items?: { key?: { value?: unknown; range?: [number] } }[] } | null
      )?.items?.find((p) => p.key?.value === key);
      const at = lc.linePos(pair?.key?.range?.[0] ?? 0);
      const disabled = doc.getIn([key, 'disable']) === true;
      const present =
        node !== undefined && node !== null && !(Array.isArray(node.items) && node.items.length === 0);
      if ((present || config.onByDefault) && !disabled) {
        out.push({
          id: rule.id,
          name: rule.name,
          provides: rule.provides,
          path,
          line: pair ? at.line : 1,
          column: pair ? at.col : 1,
          route: key,
          text: present ? `${key}:` : `${key} (on by default)`,
        });
      }
    }
  }
  return out;
}

async function givenKeys(paths: readonly string[]): Promise<NamedKey[] | { error: string }> {
  try {
    return await readKeyFiles(paths);
  } catch (e) {
    return { error: errorText(e) };
  }
}

async function collectReleaseIntegrity(ctx: CollectContext): Promise<ReleaseIntegrityFacts> {
  const ci = await ctx.need(ciFact);
  const rules = releaseRules();
  const facts: ReleaseIntegrityFacts = {
    markers: [],
    publishing: [],
    unreadable: ci.files
      .filter((f) => !f.parsed)
      .map((f) => ({ path: f.path, error: f.error ?? 'not parsed' })),
  };
  for (const rule of rules.markers) {
    if (rule.uses) facts.markers.push(...usesSteps(ci, rule.uses, rule, rule.id, rule.name));
    if (rule.commands) {
      facts.markers.push(
        ...commandSteps(ci, rule.commands, (file, at) => ({
          id: rule.id,
          name: rule.name,
          provides: rule.provides,
          path: file.path,
          ...at,
        })),
      );
    }
    if (rule.config) facts.markers.push(...(await configSteps(ctx, rule, facts.unreadable)));
  }
  facts.publishing.push(
    ...usesSteps(ci, rules.publishing.uses, undefined, 'publish', 'publishing step'),
    ...commandSteps(ci, rules.publishing.commands, (file, at) => ({
      id: 'publish',
      name: 'publishing step',
      provides: [],
      path: file.path,
      ...at,
    })),
  );

  const keys = await givenKeys(ctx.run.settings.releaseKeys ?? []);
  const kinds = releaseFileKinds();
  const evidence = filesWithBase(
    ctx.inventory,
    (b) =>
      kinds.checksums.test(b) ||
      kinds.bundles.test(b) ||
      kinds.signatures.test(b) ||
      kinds.attestations.test(b),
  );
  if (evidence.length > 0 && !('error' in keys)) {
    // The artefacts these name sit beside them: verify the folders that hold release evidence.
    const folders = new Set(evidence.map((f) => f.path.slice(0, Math.max(0, f.path.lastIndexOf('/')))));
    const paths = ctx.inventory.files
      .filter((f) => folders.has(f.path.slice(0, Math.max(0, f.path.lastIndexOf('/')))))
      .map((f) => f.path);
    facts.tree = await verifyRelease(inventorySource(ctx.inventory, paths), kinds, keys, { onlyNamed: true });
  }
  const dir = ctx.run.settings.releaseDir;
  if (dir !== undefined) {
    if ('error' in keys) facts.folder = { dir, error: keys.error };
    else if (!isAbsolute(dir)) facts.folder = { dir, error: 'the release folder must be an absolute path' };
    else {
      try {
        facts.folder = { ...(await verifyRelease(await folderSource(dir), kinds, keys)), dir };
      } catch (e) {
        facts.folder = { dir, error: errorText(e) };
      }
    }
  }
  return facts;
}

export const releaseIntegrityFact = defineFact<ReleaseIntegrityFacts>('release-integrity');

export const releaseIntegrityCollector: Collector<ReleaseIntegrityFacts> = {
  fact: releaseIntegrityFact,
  needs: [ciFact],
  collect: collectReleaseIntegrity,
};
