/**
 * The secure-default scan: files chosen by type (each rule's globs; no other file is read), one
 * keyword automaton pass over each file's bytes, then each rule's pattern only on the lines
 * where one of its keywords occurs (cut to a bounded length). Lines are found from the byte
 * offsets of newlines, so a file without a keyword is never decoded.
 */
import { type ByteScanner, type FilePlan, type FileScan, keywordPass } from '../inventory/keyword-pass.js';
import { classify, isCiFile } from '../inventory/scope.js';
import type { Inventory, InventoryFile } from '../inventory/types.js';
import type { Confidence, Severity } from '../probes/types.js';
import { KeywordAutomaton } from '../secrets/keywords.js';
import { inReportOrder } from '../secrets/tree.js';
import { matchesAny } from '../util/glob.js';
import { inlineSuppressionFor, inlineSuppressions } from '../util/inline-suppressions.js';
import {
  type SecureDefaultProbe,
  type SecureDefaultRule,
  type SecureDefaultRules,
  secureDefaultRules,
} from './rules.js';

/** Where a file belongs: product findings fail, the others are reported apart. */
export type SecureDefaultScope = 'product' | 'test' | 'fixture' | 'sample' | 'docs' | 'development' | 'ci';

export interface SecureDefaultFinding {
  probe: SecureDefaultProbe;
  /** The rule id (rules/secure-defaults.yaml). */
  rule: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  remediation: string;
  location: { path: string; line: number; column: number; endLine: number; endColumn: number };
  /** The matched text, for the fingerprint (stable across line moves) and the message. */
  snippet: string;
  /** How many earlier findings of the same rule and snippet the file holds (keeps fingerprints apart). */
  ordinal: number;
  scope: SecureDefaultScope;
  /** Allowed by an inline `vouch: ignore[...]` comment. */
  ignored?: { reason: string; line: number };
}

export interface SecureDefaultScan {
  /** Files whose type some rule reads, and of those, the ones read. */
  candidates: number;
  scanned: number;
  /** Files vouch meant to read and could not (too large, unreadable): never counted as clean. */
  notScanned: { path: string; reason: string }[];
  findings: SecureDefaultFinding[];
}

function scopeOf(path: string, rules: SecureDefaultRules): SecureDefaultScope | 'skip' {
  const c = classify(path)?.class;
  switch (c) {
    case 'vendored':
    case 'installed':
    case 'build-output':
      return 'skip';
    case 'test':
    case 'fixture':
    case 'sample':
    case 'docs':
      return c;
  }
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (rules.testNames.test(base)) return 'test';
  // CI pipelines run the build; they are not shipped to users (their own probes cover them).
  if (isCiFile(path)) return 'ci';
  return rules.developmentNames.test(base) ? 'development' : 'product';
}

/**
 * How many trailing segments of a path globs look at when each starts with `**\/` and has no
 * other `**` (a slash inside braces counts, so the figure is an upper bound); undefined otherwise.
 */
export function tailSegments(globs: readonly string[]): number | undefined {
  let most = 0;
  for (const g of globs) {
    if (!g.startsWith('**/')) return undefined;
    const rest = g.slice(3);
    if (rest.includes('**') || rest.endsWith('/')) return undefined;
    most = Math.max(most, rest.split('/').length);
  }
  return most;
}

/** One file of a pass that finds keyword hits itself (see SecureDefaultScanner.keywords). */
export interface SecureDefaultFileScan {
  /** A hit of the scanner's keywords (indexes into `keywords`), in file order. */
  add(hit: number, keywords: readonly number[]): void;
  /** The findings in the file, as `scanBytes` would report them. */
  finish(): SecureDefaultFinding[];
}

/** One compiled scanner over a rule set: the keyword automaton and which rules each keyword serves. */
export class SecureDefaultScanner {
  /** The prefilter's keywords (ASCII, lower case): a pass over several scanners' keywords reports hits by index. */
  readonly keywords: readonly string[];
  private automatonBuilt: KeywordAutomaton | undefined;
  private readonly keywordIndex = new Map<string, number>();
  /** See rulesFor: how many trailing path segments the globs look at, if that is bounded. */
  private readonly tailSegments: number | undefined;
  private readonly rulesByTail = new Map<string, SecureDefaultRule[]>();

  constructor(readonly rules: SecureDefaultRules) {
    const keywords: string[] = [];
    const add = (k: string) => {
      const folded = k.toLowerCase();
      if (!this.keywordIndex.has(folded)) {
        this.keywordIndex.set(folded, keywords.length);
        keywords.push(folded);
      }
    };
    for (const r of rules.rules) {
      r.keywords.forEach(add);
      r.inFile?.keywords.forEach(add);
    }
    this.keywords = keywords;
    this.tailSegments = tailSegments(rules.rules.flatMap((r) => r.files));
  }

  /** Built on first use: a pass over several scanners' keywords never needs this one. */
  private get automaton(): KeywordAutomaton {
    this.automatonBuilt ??= new KeywordAutomaton(this.keywords);
    return this.automatonBuilt;
  }

  /** The rules that read a file at `path` (by type); none means the file is not read. */
  rulesFor(path: string): SecureDefaultRule[] {
    if (this.tailSegments === undefined) return this.rules.rules.filter((r) => matchesAny(r.files, path));
    // Every glob starts with `**/`: what matches depends on the path's last segments only, and
    // a repository has far fewer distinct tails (base names, mostly) than files.
    let start = path.length;
    for (let n = 0; n < this.tailSegments && start >= 0; n++) start = path.lastIndexOf('/', start - 1);
    const tail = path.slice(start + 1);
    let rules = this.rulesByTail.get(tail);
    if (!rules) {
      rules = this.rules.rules.filter((r) => matchesAny(r.files, path));
      this.rulesByTail.set(tail, rules);
    }
    return rules;
  }

  /** Findings in one file's bytes, for the rules that read it. */
  scanBytes(path: string, bytes: Buffer, rules: readonly SecureDefaultRule[]): SecureDefaultFinding[] {
    const file = this.startFile(path, bytes, rules);
    this.automaton.scan(bytes, (start, keywords) => file.add(start, keywords));
    return file.finish();
  }

  /** Starts a file whose keyword hits the caller finds (`add`), then `finish` runs the patterns. */
  startFile(path: string, bytes: Buffer, rules: readonly SecureDefaultRule[]): SecureDefaultFileScan {
    // Keyword index -> byte offsets of its hits.
    const hits = new Map<number, number[]>();
    return {
      add: (start, keywords) => {
        for (const k of keywords) {
          const list = hits.get(k);
          if (list) list.push(start);
          else hits.set(k, [start]);
        }
      },
      finish: () => this.matchHits(path, bytes, rules, hits),
    };
  }

  private matchHits(
    path: string,
    bytes: Buffer,
    rules: readonly SecureDefaultRule[],
    hits: ReadonlyMap<number, readonly number[]>,
  ): SecureDefaultFinding[] {
    // Most files hold no keyword: decided before anything else is computed.
    if (hits.size === 0 || rules.length === 0) return [];
    const scope = scopeOf(path, this.rules);
    if (scope === 'skip') return [];
    const lines = new LineIndex(bytes, this.rules.limits.maxLineChars);
    const linesOf = (keywords: readonly string[]): number[] => {
      const set = new Set<number>();
      for (const k of keywords) {
        for (const offset of hits.get(this.keywordIndex.get(k.toLowerCase())!) ?? [])
          set.add(lines.lineAt(offset));
      }
      return [...set].sort((a, b) => a - b);
    };
    const found: SecureDefaultFinding[] = [];
    const seen = new Map<string, number>();
    for (const rule of rules) {
      const candidates = linesOf(rule.keywords);
      if (candidates.length === 0) continue;
      if (rule.inFile) {
        const pattern = rule.inFile.pattern;
        if (!linesOf(rule.inFile.keywords).some((i) => pattern.test(lines.text(i)))) continue;
      }
      for (const i of candidates) {
        const text = lines.text(i);
        const m = rule.pattern.exec(text);
        if (!m) continue;
        if (rule.unless?.test(text)) continue;
        if (rule.near) {
          const { pattern, lines: span } = rule.near;
          let near = false;
          for (let j = Math.max(0, i - span); j <= Math.min(lines.count - 1, i + span) && !near; j++)
            near = pattern.test(lines.text(j));
          if (!near) continue;
        }
        const snippet = m[0].trim();
        const key = `${rule.id}\0${snippet}`;
        const ordinal = seen.get(key) ?? 0;
        seen.set(key, ordinal + 1);
        found.push({
          probe: rule.probe,
          rule: rule.id,
          title: rule.title,
          severity: rule.severity,
          confidence: rule.confidence,
          remediation: rule.remediation,
          location: {
            path,
            line: i + 1,
            column: m.index + 1,
            endLine: i + 1,
            endColumn: m.index + m[0].length + 1,
          },
          snippet,
          ordinal,
          scope,
        });
      }
    }
    if (found.length === 0) return found;
    // Allow comments are read only for a file with findings (one decode of the whole text).
    const suppressions = inlineSuppressions(bytes.toString('utf8'), path);
    for (const f of found) {
      const s = inlineSuppressionFor(suppressions, `${f.probe}/${f.rule}`, f.location);
      if (s) f.ignored = { reason: s.reason || '(no reason given)', line: s.line };
    }
    return found;
  }
}

/** Line starts from newline byte offsets; a line is decoded on first use and cut to `maxChars`. */
class LineIndex {
  private readonly starts: number[] = [0];
  private readonly decoded = new Map<number, string>();

  constructor(
    private readonly bytes: Buffer,
    private readonly maxChars: number,
  ) {
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** The 0-based line holding byte `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  text(line: number): string {
    let t = this.decoded.get(line);
    if (t === undefined) {
      const start = this.starts[line]!;
      let end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.bytes.length;
      // Cut before decoding: a UTF-8 character is at most 4 bytes.
      end = Math.min(end, start + this.maxChars * 4);
      t = this.bytes.subarray(start, end).toString('utf8').replace(/\r$/, '').slice(0, this.maxChars);
      this.decoded.set(line, t);
    }
    return t;
  }
}

interface SecureDefaultPlan extends FilePlan {
  rules: SecureDefaultRule[];
}

/**
 * The secure-default scan of one inventory as a byte scanner of the one keyword pass
 * (src/inventory/keyword-pass.ts): files chosen by type, and what was found in them.
 */
export class SecureDefaultTreeScan implements ByteScanner<SecureDefaultPlan> {
  readonly result: SecureDefaultScan = { candidates: 0, scanned: 0, notScanned: [], findings: [] };
  private readonly scanner: SecureDefaultScanner;
  readonly keywordSets: readonly (readonly string[])[];

  constructor(private readonly rules: SecureDefaultRules = secureDefaultRules()) {
    this.scanner = new SecureDefaultScanner(rules);
    this.keywordSets = [this.scanner.keywords];
  }

  plan(file: InventoryFile): SecureDefaultPlan | undefined {
    if (file.binary || file.size === 0) return undefined;
    const applicable = this.scanner.rulesFor(file.path);
    if (applicable.length === 0) return undefined;
    if (scopeOf(file.path, this.rules) === 'skip') return undefined;
    this.result.candidates++;
    const { maxFileBytes } = this.rules.limits;
    if (file.size > maxFileBytes) {
      this.result.notScanned.push({
        path: file.path,
        reason: `${file.size} bytes, over the ${maxFileBytes}-byte limit`,
      });
      return undefined;
    }
    return { limit: maxFileBytes, rules: applicable };
  }

  binary(): void {}

  unreadable(file: InventoryFile, reason: string): void {
    this.result.notScanned.push({ path: file.path, reason });
  }

  open(file: InventoryFile, plan: SecureDefaultPlan, bytes: Buffer): FileScan {
    this.result.scanned++;
    const scan = this.scanner.startFile(file.path, bytes, plan.rules);
    return { set: 0, add: scan.add, finish: () => this.result.findings.push(...scan.finish()) };
  }

  /** The result, in report order. */
  finish(): SecureDefaultScan {
    return inReportOrder(this.result);
  }
}

/** Scans the inventory's files whose type some rule reads. */
export async function scanSecureDefaults(
  inventory: Inventory,
  rules: SecureDefaultRules = secureDefaultRules(),
): Promise<SecureDefaultScan> {
  const scan = new SecureDefaultTreeScan(rules);
  await keywordPass(inventory, [scan]);
  return scan.finish();
}
