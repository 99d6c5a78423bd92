/**
 * Scans a repository's files for secrets: one walk (the inventory), a file policy (binary,
 * minified, generated, vendored and lock files skipped by default; files over the size limit
 * reported as not scanned), bounded reads, the keyword-prefiltered scanner, then inline allow
 * comments and the baseline. Findings carry the masked secret only.
 */

import { type ByteScanner, type FilePlan, type FileScan, keywordPass } from '../inventory/keyword-pass.js';
import { classify } from '../inventory/scope.js';
import type { Inventory, InventoryFile } from '../inventory/types.js';
import type { Confidence, Severity } from '../probes/types.js';
import { matchesAny } from '../util/glob.js';
import type { InlineIgnore } from '../util/inline-suppressions.js';
import { inlineIgnoreFor, parseInlineIgnores } from '../util/inline-suppressions.js';
import { secretFingerprint } from './mask.js';
import { type SecretLimits, type SecretRuleOptions, secretRules } from './rules.js';
import { type SecretMatch, SecretScanner } from './scan.js';

/** Scan findings in report order: by file, line, column, then rule. */
export function byPlace(
  a: { rule: string; location: { path: string; line: number; column: number } },
  b: { rule: string; location: { path: string; line: number; column: number } },
): number {
  return (
    a.location.path.localeCompare(b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.rule.localeCompare(b.rule)
  );
}

/** A scan's findings and the files it could not scan, in report order (sorted in place). */
export function inReportOrder<
  T extends {
    findings: { rule: string; location: { path: string; line: number; column: number } }[];
    notScanned: { path: string }[];
  },
>(result: T): T {
  result.findings.sort(byPlace);
  result.notScanned.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

/** Findings of the secret rules are named `<this>/<rule id>`, in every output. */
export const SECRETS_RULE_PREFIX = 'secrets-committed';

/** What part of the repository a file belongs to (from the scope policy's folder classes). */
export type SecretScope = 'product' | 'test' | 'fixture' | 'sample' | 'docs' | 'vendored' | 'build-output';

export interface SecretFinding {
  /** `secrets-committed/<rule id>`. */
  rule: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  /** false: reported, never fails a gate. */
  gate: boolean;
  location: { path: string; line: number; column: number; endLine: number; endColumn: number };
  /** Short prefix and SHA-256: the only form of the secret in any output. */
  masked: string;
  hash: string;
  /** Stable across line moves: rule, path and the secret's hash. */
  fingerprint: string;
  scope: SecretScope;
  note?: string;
  /** From `--history`: the commit that added the blob holding the secret. */
  commit?: string;
  /** Allowed by an inline comment or accepted in the baseline: reported, not gating. */
  ignored?: { by: 'inline' | 'baseline'; reason: string; line?: number };
}

export type SkipReason = 'binary' | 'minified' | 'generated' | 'lockfile' | 'vendored';

export interface NotScanned {
  path: string;
  reason: string;
}

export interface TreeScanResult {
  files: number;
  scanned: number;
  bytes: number;
  skipped: Record<SkipReason, number>;
  /** Files vouch meant to scan and could not (too large, unreadable): unknown, never clean. */
  notScanned: NotScanned[];
  findings: SecretFinding[];
}

export interface TreeScanOptions extends SecretRuleOptions {
  /** Scan vendored folders too (default false). */
  vendored?: boolean;
  /** Fingerprints of accepted findings (a baseline), each with its reason. */
  baseline?: ReadonlyMap<string, string>;
}

/** How much of a file decides whether it is minified. */
const MINIFIED_PROBE = 4096;
const MINIFIABLE = /\.(?:m?js|cjs|css)$/i;

function scopeOf(path: string): SecretScope {
  const c = classify(path)?.class;
  switch (c) {
    case 'test':
    case 'fixture':
    case 'sample':
    case 'docs':
    case 'vendored':
    case 'build-output':
      return c;
    default:
      return 'product';
  }
}

function looksMinified(bytes: Buffer, longest: number): boolean {
  const head = bytes.subarray(0, MINIFIED_PROBE);
  const nl = head.indexOf(10);
  return (nl < 0 ? head.length : nl) > longest && head.length >= longest;
}

/** Turns the scanner's matches in one file into findings, applying allow comments and the baseline. */
export function findingsOf(
  path: string,
  text: string,
  matches: readonly SecretMatch[],
  baseline?: ReadonlyMap<string, string>,
): SecretFinding[] {
  if (matches.length === 0) return [];
  const ignores: InlineIgnore[] = parseInlineIgnores(text, path);
  const scope = scopeOf(path);
  return matches.map((m) => {
    const rule = `${SECRETS_RULE_PREFIX}/${m.rule}`;
    const fingerprint = secretFingerprint(rule, path, m.hash);
    const inline = inlineIgnoreFor(ignores, rule, m.line);
    const accepted = baseline?.get(fingerprint);
    return {
      rule,
      title: m.title,
      severity: m.severity,
      confidence: m.confidence,
      gate: m.gate,
      location: { path, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn },
      masked: m.masked,
      hash: m.hash,
      fingerprint,
      scope,
      ...(m.note ? { note: m.note } : {}),
      ...(inline
        ? {
            ignored: {
              by: 'inline' as const,
              reason: inline.reason || '(no reason given)',
              line: inline.line,
            },
          }
        : accepted !== undefined
          ? { ignored: { by: 'baseline' as const, reason: accepted || 'accepted in the baseline' } }
          : {}),
    };
  });
}

interface SecretPlan extends FilePlan {
  lockfile: boolean;
}

/**
 * The secret scan of one inventory as a byte scanner of the one keyword pass
 * (src/inventory/keyword-pass.ts): which files it reads, and what it found in them.
 */
export class SecretTreeScan implements ByteScanner<SecretPlan> {
  readonly result: TreeScanResult;
  private readonly all: SecretScanner;
  private readonly forLockfiles: SecretScanner;
  private readonly limits: SecretLimits;
  private readonly skip: ReturnType<typeof secretRules>['skip'];
  /** Set 0: every rule in force; set 1: the rules that also read lock files. */
  readonly keywordSets: readonly (readonly string[])[];

  constructor(
    inventory: Inventory,
    private readonly options: TreeScanOptions = {},
  ) {
    const { rules, limits, skip } = secretRules(options);
    this.limits = limits;
    this.skip = skip;
    this.all = new SecretScanner(rules, limits);
    this.forLockfiles = new SecretScanner(
      rules.filter((r) => r.lockfiles),
      limits,
    );
    this.keywordSets = [this.all.keywords, this.forLockfiles.keywords];
    this.result = {
      files: inventory.files.length,
      scanned: 0,
      bytes: 0,
      skipped: { binary: 0, minified: 0, generated: 0, lockfile: 0, vendored: 0 },
      notScanned: [],
      findings: [],
    };
  }

  plan(f: InventoryFile): SecretPlan | undefined {
    const { result, limits } = this;
    if (f.binary) {
      result.skipped.binary++;
      return undefined;
    }
    if (!this.options.vendored && classify(f.path)?.class === 'vendored') {
      result.skipped.vendored++;
      return undefined;
    }
    if (matchesAny(this.skip.generated, f.path)) {
      result.skipped.generated++;
      return undefined;
    }
    const lockfile = matchesAny(this.skip.lockfiles, f.path);
    if (lockfile && this.forLockfiles.rules.length === 0) {
      result.skipped.lockfile++;
      return undefined;
    }
    if (f.size > limits.maxFileBytes) {
      result.notScanned.push({
        path: f.path,
        reason: `${f.size} bytes, over the ${limits.maxFileBytes}-byte limit for secret scanning`,
      });
      return undefined;
    }
    if (f.size === 0) return undefined;
    return { limit: limits.maxFileBytes, lockfile };
  }

  binary(): void {
    this.result.skipped.binary++;
  }

  unreadable(f: InventoryFile, reason: string): void {
    this.result.notScanned.push({ path: f.path, reason });
  }

  open(f: InventoryFile, plan: SecretPlan, bytes: Buffer): FileScan | undefined {
    const { result } = this;
    if (MINIFIABLE.test(f.path) && looksMinified(bytes, this.limits.minifiedLine)) {
      result.skipped.minified++;
      return undefined;
    }
    result.scanned++;
    result.bytes += bytes.length;
    const file = (plan.lockfile ? this.forLockfiles : this.all).startFile(bytes);
    return {
      set: plan.lockfile ? 1 : 0,
      add: file.add,
      finish: () => {
        const matches = file.finish();
        if (matches.length > 0)
          result.findings.push(...findingsOf(f.path, bytes.toString('utf8'), matches, this.options.baseline));
      },
    };
  }

  /** The result, in report order. */
  finish(): TreeScanResult {
    return inReportOrder(this.result);
  }
}

/** Scans every file of the inventory that the policy admits. */
export async function scanInventory(
  inventory: Inventory,
  options: TreeScanOptions = {},
): Promise<TreeScanResult> {
  const scan = new SecretTreeScan(inventory, options);
  await keywordPass(inventory, [scan]);
  return scan.finish();
}
