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
import { parseRuleYaml, RULES_DIR } from '../../collectors/rules.js';
import { zod } from '../../util/zod.js';

export const PICKLE_GLOBALS_FILE = 'pickle-safe-globals.yaml';

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

/**
 * Parses and checks the text of rules/pickle-safe-globals.yaml; throws with the file name. The
 * build runs it; a run does only when the file was edited since the build, so yaml and zod are
 * loaded here, on that path, and never by an ordinary model scan.
 */
export function validatePickleGlobals(text: string): PickleGlobalsFile {
  const data = parseRuleYaml(PICKLE_GLOBALS_FILE, text);
  const z = zod();
  const names = z.array(z.string().min(1));
  const schema = z.strictObject({
    version: z.literal(1),
    safe: z.record(z.string(), names),
    critical: z.record(z.string(), names),
  });
  const checked = schema.safeParse(data);
  if (!checked.success) {
    const first = checked.error.issues[0];
    invalid(`${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return checked.data;
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
