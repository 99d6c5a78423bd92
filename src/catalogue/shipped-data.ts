/**
 * vouch's own YAML data (catalogue/*.yaml, rules/*.yaml), validated when vouch is built and
 * shipped as JSON in dist/data/<set>.json: per file, the SHA-256 of the text and the validated
 * value. At run time a file's value is taken from there only while the file still holds that
 * text; anything else (a run from source without a build, a file edited since the build) is
 * parsed and validated by its owner, as the build does. Nothing is generated into the source
 * tree and nothing generated is committed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DataSet = 'catalogue' | 'rules';

/** Repository root's dist/data/, from src/catalogue/ and dist/catalogue/ alike. */
export const SHIPPED_DATA_DIR = new URL('../../dist/data/', import.meta.url);
const FORMAT_VERSION = 1;
// Far above the real size (~200 KB): a corrupted file is ignored, not read into memory.
const MAX_BYTES = 8 * 1024 * 1024;

interface ShippedFile {
  sha256: string;
  value: unknown;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function shippedDataPath(set: DataSet, dir: URL = SHIPPED_DATA_DIR): string {
  return fileURLToPath(new URL(`${set}.json`, dir));
}

/**
 * The parsed data file at `path`, read once per process while its size and modification time
 * stay the same: every rule file owner asks for its own entry, and each would otherwise read and
 * parse the whole file again.
 */
const parsed = new Map<
  string,
  { size: number; mtimeMs: number; files: Record<string, unknown> | undefined }
>();

function readShippedFiles(path: string): Record<string, unknown> | undefined {
  let st: { size: number; mtimeMs: number };
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  const known = parsed.get(path);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.files;
  let files: Record<string, unknown> | undefined;
  if (st.size <= MAX_BYTES) {
    try {
      const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (isRecord(data) && data.version === FORMAT_VERSION && isRecord(data.files)) files = data.files;
    } catch {
      files = undefined;
    }
  }
  parsed.set(path, { size: st.size, mtimeMs: st.mtimeMs, files });
  return files;
}

/**
 * The validated value of each named file, when the build's data for `set` holds every one of
 * them for exactly the given text; undefined otherwise (the caller then validates the YAML).
 */
export function shippedValues(
  set: DataSet,
  texts: Record<string, string>,
  dir: URL = SHIPPED_DATA_DIR,
): Record<string, unknown> | undefined {
  const data = readShippedFiles(shippedDataPath(set, dir));
  if (!data) return undefined;
  const values: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(texts)) {
    const entry = Object.hasOwn(data, name) ? data[name] : undefined;
    if (!isRecord(entry) || entry.sha256 !== sha256(text) || !('value' in entry)) return undefined;
    values[name] = entry.value;
  }
  return values;
}

/** Build time: writes the validated value of each file with the digest of its text. */
export function writeShippedData(
  set: DataSet,
  files: Record<string, { text: string; value: unknown }>,
  dir: URL = SHIPPED_DATA_DIR,
): string {
  const out: Record<string, ShippedFile> = {};
  for (const name of Object.keys(files).sort()) {
    const { text, value } = files[name]!;
    out[name] = { sha256: sha256(text), value };
  }
  mkdirSync(dir, { recursive: true });
  const path = shippedDataPath(set, dir);
  writeFileSync(path, `${JSON.stringify({ version: FORMAT_VERSION, files: out })}\n`);
  parsed.delete(path);
  return path;
}
