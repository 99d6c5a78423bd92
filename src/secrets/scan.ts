/**
 * The secret scanner over one text. A single combined regex of every rule's keywords finds the
 * places worth looking at; each rule's pattern then runs only on a bounded window of the lines
 * where one of its keywords occurs. The cost is one keyword pass over the text plus pattern runs
 * on windows of at most `2 × window` characters, so a huge single-line file costs a keyword pass.
 *
 * A match never leaves this module with its value: results carry the masked form and a hash.
 */
import { KeywordAutomaton } from './keywords.js';
import { maskSecret, secretHash } from './mask.js';
import type { SecretLimits, SecretRule } from './rules.js';
import { type Candidate, VALIDATORS } from './validators.js';

export interface SecretMatch {
  /** The rule's id (as in rules/secrets.yaml). */
  rule: string;
  title: string;
  /** UTF-16 offsets of the match in the text. */
  start: number;
  end: number;
  /** 1-based line and column (UTF-16 code units) of the match, and where it ends. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Short prefix and hash: the only form of the secret that is ever shown. */
  masked: string;
  /** SHA-256 (shortened) of the secret, for fingerprints and baselines. */
  hash: string;
  severity: SecretRule['severity'];
  confidence: SecretRule['confidence'];
  /** false: reported, but never fails a gate (the generic rule). */
  gate: boolean;
  /** What a check found (checksum verified ...). */
  note?: string;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

interface Window {
  start: number;
  end: number;
}

export class SecretScanner {
  private readonly prefilter: KeywordAutomaton;
  /** For each keyword of the automaton, the rules (indexes) that name it. */
  private readonly rulesOf: number[][];

  constructor(
    readonly rules: readonly SecretRule[],
    readonly limits: SecretLimits,
  ) {
    const byKeyword = new Map<string, number[]>();
    rules.forEach((rule, i) => {
      for (const k of rule.keywords) {
        const key = k.toLowerCase();
        const list = byKeyword.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        byKeyword.set(key, list);
      }
    });
    this.prefilter = new KeywordAutomaton([...byKeyword.keys()]);
    this.rulesOf = [...byKeyword.values()];
  }

  /** Rule indexes worth running, each with the merged windows around its keyword hits. */
  private windows(text: string): Map<number, Window[]> {
    const out = new Map<number, Window[]>();
    const w = this.limits.window;
    // The current stretch of one line: no line break in [start, end); `closed` when end is one.
    let cur = { start: 0, end: -1, closed: false };
    this.prefilter.scan(text, (hit, keywords) => {
      let start: number;
      let end: number;
      if (hit < cur.end) {
        // Inside the stretch already measured: only what lies past its end is searched, so many
        // hits on one long line cost one pass over it.
        start = Math.max(cur.start, hit - w);
        end = cur.end;
        if (!cur.closed && hit + w > cur.end) {
          const nl = text.slice(cur.end, hit + w).indexOf('\n');
          end = nl >= 0 ? cur.end + nl : Math.min(text.length, hit + w);
          cur = { start: cur.start, end, closed: nl >= 0 };
        }
      } else {
        // The line around the hit, cut to `w` characters each side.
        const from = Math.max(0, hit - w);
        const before = text.slice(from, hit).lastIndexOf('\n');
        start = before >= 0 ? from + before + 1 : from;
        const after = text.slice(hit, hit + w).indexOf('\n');
        end = after >= 0 ? hit + after : Math.min(text.length, hit + w);
        cur = { start, end, closed: after >= 0 };
      }
      for (const k of keywords) {
        for (const i of this.rulesOf[k]!) {
          const list = out.get(i);
          const last = list?.[list.length - 1];
          if (last && start <= last.end) last.end = Math.max(last.end, end);
          else if (list) list.push({ start, end });
          else out.set(i, [{ start, end }]);
        }
      }
    });
    return out;
  }

  /** Every secret in `text`, in text order. */
  scanText(text: string): SecretMatch[] {
    const windows = this.windows(text);
    if (windows.size === 0) return [];
    const found: SecretMatch[] = [];
    const positions = new Positions(text);
    for (const [i, list] of windows) {
      const rule = this.rules[i]!;
      const seen = new Set<number>();
      for (const win of list) {
        const slice = text.slice(win.start, win.end);
        const re = rule.pattern;
        re.lastIndex = 0;
        for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          const start = win.start + m.index;
          if (seen.has(start)) continue;
          seen.add(start);
          const end = start + m[0].length;
          const groups = m.groups ?? {};
          let secret = groups.secret ?? m[0];
          let confidence = rule.confidence;
          let note: string | undefined;
          if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
          if (rule.check) {
            const candidate: Candidate = { text, start, end, secret, groups };
            const r = VALIDATORS[rule.check](candidate);
            if (!r.keep) continue;
            if (r.confidence) confidence = r.confidence;
            if (r.secret !== undefined) secret = r.secret;
            note = r.note;
          }
          if (rule.allow.some((a) => a.test(secret))) continue;
          const p = positions.at(start);
          const q = positions.at(end);
          found.push({
            rule: rule.id,
            title: rule.title,
            start,
            end,
            line: p.line,
            column: p.column,
            endLine: q.line,
            endColumn: q.column,
            masked: maskSecret(secret),
            hash: secretHash(secret),
            severity: rule.severity,
            confidence,
            gate: rule.gate,
            ...(note ? { note } : {}),
          });
        }
      }
    }
    return dropShadowed(found).sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  }
}

/** A match of a non-gating rule (the generic one) that overlaps a gating match says nothing new. */
function dropShadowed(found: SecretMatch[]): SecretMatch[] {
  const gating = found.filter((f) => f.gate);
  if (gating.length === found.length) return found;
  return found.filter((f) => f.gate || !gating.some((g) => g.start < f.end && f.start < g.end));
}

/**
 * Line and column of offsets, counted forward from the last offset asked for (or from the start
 * when asked for an earlier one): a file with findings near its top costs nothing for the rest.
 */
class Positions {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    const { text } = this;
    for (let i = this.offset; i < offset; i++) {
      if (text.charCodeAt(i) === 10) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.offset = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}
