/**
 * Classifies a pickle import against rules/pickle-safe-globals.yaml: allow-listed imports are
 * safe; every other import is dangerous, "critical" when the deny-list names it.
 *
 * The build checks the file and ships the result (catalogue/shipped-data.ts), so a model scan
 * loads no YAML parser and no schema library; a file edited since the build is parsed and
 * checked here, by the same function the build uses.
 */
import { readFileSync } from 'node:fs';
import { shippedValues } from '../../catalogue/shipped-data.js';
import { requireCommonJs } from '../../util/commonjs.js';

export const PICKLE_GLOBALS_FILE = 'pickle-safe-globals.yaml';
// The same folder as collectors/rules.ts RULES_DIR (that module loads yaml and zod).
const RULES_DIR = new URL('../../../rules/', import.meta.url);

export type GlobalSeverity = 'safe' | 'suspicious' | 'critical';

/** The file's content: module -> names ("*" for every name in the module). */
export interface PickleGlobalsFile {
  version: 1;
  safe: Record<string, string[]>;
  critical: Record<string, string[]>;
}

function invalid(message: string): never {
  throw new Error(`rules/${PICKLE_GLOBALS_FILE}: ${message}`);
}

function moduleLists(value: unknown, where: string): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(`${where} must be a mapping of module names to lists of names`);
  const out: Record<string, string[]> = {};
  for (const [module, names] of Object.entries(value)) {
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length > 0))
      invalid(`${where}.${module} must be a list of non-empty names`);
    out[module] = names as string[];
  }
  return out;
}

/** Parses and checks the text of rules/pickle-safe-globals.yaml; throws with the file name. */
export function validatePickleGlobals(text: string): PickleGlobalsFile {
  const { parse } = requireCommonJs('yaml') as typeof import('yaml');
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50, prettyErrors: false });
  } catch (e) {
    invalid(`not valid YAML (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) invalid('(root) must be a mapping');
  const top = data as Record<string, unknown>;
  const extra = Object.keys(top).filter((k) => k !== 'version' && k !== 'safe' && k !== 'critical');
  if (extra.length > 0) invalid(`(root): unknown key(s) ${extra.join(', ')}`);
  if (top.version !== 1) invalid('version must be 1');
  return { version: 1, safe: moduleLists(top.safe, 'safe'), critical: moduleLists(top.critical, 'critical') };
}

/** The file's text (the build ships its checked value under this text's digest). */
export function readPickleGlobalsText(): string {
  return readFileSync(new URL(PICKLE_GLOBALS_FILE, RULES_DIR), 'utf8');
}

type Lists = { safe: Map<string, Set<string>>; critical: Map<string, Set<string>> };
let lists: Lists | undefined;

function toMap(record: Record<string, string[]>): Map<string, Set<string>> {
  return new Map(Object.entries(record).map(([module, list]) => [module, new Set(list)]));
}

function load(): Lists {
  if (!lists) {
    const text = readPickleGlobalsText();
    const shipped = shippedValues('rules', { [PICKLE_GLOBALS_FILE]: text });
    const data = shipped ? (shipped[PICKLE_GLOBALS_FILE] as PickleGlobalsFile) : validatePickleGlobals(text);
    lists = { safe: toMap(data.safe), critical: toMap(data.critical) };
  }
  return lists;
}

function listed(map: Map<string, Set<string>>, module: string, name: string): boolean {
  const set = map.get(module);
  return set !== undefined && (set.has('*') || set.has(name));
}

/** Severity of importing `module.name`; unresolved imports are never safe. */
export function classifyGlobal(module: string, name: string, resolved = true): GlobalSeverity {
  const { safe, critical } = load();
  if (!resolved) return 'critical';
  if (listed(critical, module, name)) return 'critical';
  // A dotted package whose top level is denied (os.path, subprocess.x) is as critical.
  const top = module.split('.')[0]!;
  if (top !== module && critical.get(top)?.has('*')) return 'critical';
  if (listed(safe, module, name)) return 'safe';
  return 'suspicious';
}
