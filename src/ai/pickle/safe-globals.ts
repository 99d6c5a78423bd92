/**
 * Classifies a pickle import against rules/pickle-safe-globals.yaml: allow-listed imports are
 * safe; every other import is dangerous, "critical" when the deny-list names it.
 */
import { z } from 'zod';
import { ruleFile } from '../../collectors/rules.js';

const names = z.array(z.string().min(1));
const schema = z.strictObject({
  version: z.literal(1),
  safe: z.record(z.string(), names),
  critical: z.record(z.string(), names),
});

export type GlobalSeverity = 'safe' | 'suspicious' | 'critical';

type Lists = { safe: Map<string, Set<string>>; critical: Map<string, Set<string>> };
let lists: Lists | undefined;

function toMap(record: Record<string, string[]>): Map<string, Set<string>> {
  return new Map(Object.entries(record).map(([module, list]) => [module, new Set(list)]));
}

function load(): Lists {
  if (!lists) {
    const data = ruleFile('pickle-safe-globals.yaml', schema);
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
