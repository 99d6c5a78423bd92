/**
 * vouch's own YAML data (catalogue/*.yaml, rules/*.yaml) without a YAML parse on every run.
 *
 * Parsing those files once, in a fresh process, took about 400 ms of every assessment: the YAML
 * parser's code is still unoptimised when it runs only once. Each of the two folders ships
 * parsed-yaml.json, holding per file the SHA-256 of its text and the value it parses to. A file
 * whose text has the recorded hash is taken from there (JSON.parse is two orders of magnitude
 * faster); any other text (an edited file, a test's altered copy) is parsed as YAML, as before.
 * Either way the caller validates the value: this replaces the parse, never the validation.
 *
 * parsed-yaml.test.ts fails when a snapshot is out of date;
 * `npx vitest run src/catalogue/parsed-yaml.test.ts -u` rewrites both.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

export const PARSED_YAML_FILE = 'parsed-yaml.json';
const SNAPSHOT_VERSION = 1;
// Far above the real size (~200 KB): a corrupted file is ignored, not read into memory.
const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

interface SnapshotEntry {
  sha256: string;
  value: unknown;
}

interface Snapshot {
  version: number;
  files: Record<string, SnapshotEntry>;
}

/** Parses one YAML data file the way its owner does (options, error messages); throws on bad YAML. */
export type YamlParser = (name: string, text: string) => unknown;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The snapshot in `dir`, or undefined when it is missing or not one: the YAML is parsed then. */
function readSnapshot(dir: URL): Snapshot | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(new URL(PARSED_YAML_FILE, dir));
  } catch {
    return undefined;
  }
  if (raw.length > MAX_SNAPSHOT_BYTES) return undefined;
  try {
    const snapshot: unknown = JSON.parse(raw.toString('utf8'));
    if (!isRecord(snapshot) || snapshot.version !== SNAPSHOT_VERSION || !isRecord(snapshot.files)) {
      return undefined;
    }
    return snapshot as unknown as Snapshot;
  } catch {
    return undefined;
  }
}

/**
 * A parser for the YAML data files of `dir` that takes each file's value from the folder's
 * snapshot when it holds that exact text, and calls `parseYaml` otherwise. The snapshot is read
 * once, at the first call; each value in it is handed out once, so no two callers share one.
 */
export function snapshotParser(dir: URL, parseYaml: YamlParser): YamlParser {
  let snapshot: Snapshot | undefined | null = null;
  return (name, text) => {
    if (snapshot === null) snapshot = readSnapshot(dir);
    const entry = snapshot && Object.hasOwn(snapshot.files, name) ? snapshot.files[name] : undefined;
    if (isRecord(entry) && typeof entry.sha256 === 'string' && entry.sha256 === sha256(text)) {
      delete snapshot!.files[name];
      return entry.value;
    }
    return parseYaml(name, text);
  };
}

/**
 * The snapshot text for `names` in `dir`, parsed with `parseYaml`. A file whose value would not
 * survive JSON unchanged (a YAML .nan, say) is left out, so it is always parsed as YAML.
 */
export function buildSnapshot(dir: URL, names: readonly string[], parseYaml: YamlParser): string {
  const files: Record<string, SnapshotEntry> = {};
  for (const name of [...names].sort()) {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const value = parseYaml(name, text);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value) ?? 'null'), value)) continue;
    files[name] = { sha256: sha256(text), value };
  }
  const snapshot: Snapshot = { version: SNAPSHOT_VERSION, files };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
