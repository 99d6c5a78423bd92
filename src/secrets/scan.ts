/**
 * The secret scanner over one text. A single combined regex of every rule's keywords finds the
 * places worth looking at; each rule's pattern then runs only on a bounded window of the lines
 * where one of its keywords occurs. The cost is one keyword pass over the text plus pattern runs
 * on windows of at most `2 × window` characters, so a huge single-line file costs a keyword pass.
 *
 * A match never leaves this module with its value: results carry the masked form and a hash.
 */
import { LineIndex } from '../util/position.js';
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

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Window {
  start: number;
  end: number;
}

export class SecretScanner {
  private readonly prefilter: RegExp;
  private readonly byKeyword = new Map<string, number[]>();

  constructor(
    readonly rules: readonly SecretRule[],
    readonly limits: SecretLimits,
  ) {
    rules.forEach((rule, i) => {
      for (const k of rule.keywords) {
        const key = k.toLowerCase();
        const list = this.byKeyword.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        this.byKeyword.set(key, list);
      }
    });
    const keys = [...this.byKeyword.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
    // No keyword at all (every rule disabled): a regex that never matches.
    this.prefilter = new RegExp(keys.length > 0 ? keys.join('|') : '(?!)', 'gi');
  }

  /** Rule indexes worth running, each with the merged windows around its keyword hits. */
  private windows(text: string): Map<number, Window[]> {
    const out = new Map<number, Window[]>();
    const w = this.limits.window;
    const re = new RegExp(this.prefilter.source, 'gi');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const hit = m.index;
      // The line around the hit, cut to `w` characters each side (bounded look-ups, so a
      // single-line file is not rescanned for every hit).
      const from = Math.max(0, hit - w);
      const before = text.slice(from, hit).lastIndexOf('\n');
      const start = before >= 0 ? from + before + 1 : from;
      const after = text.slice(hit, hit + w).indexOf('\n');
      const end = after >= 0 ? hit + after : Math.min(text.length, hit + w);
      for (const i of this.byKeyword.get(m[0].toLowerCase()) ?? []) {
        const list = out.get(i);
        const last = list?.[list.length - 1];
        if (last && start <= last.end) last.end = Math.max(last.end, end);
        else if (list) list.push({ start, end });
        else out.set(i, [{ start, end }]);
      }
    }
    return out;
  }

  /** Every secret in `text`, in text order. */
  scanText(text: string): SecretMatch[] {
    const windows = this.windows(text);
    if (windows.size === 0) return [];
    let index: LineIndex | undefined;
    const found: SecretMatch[] = [];
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
          index ??= new LineIndex(text);
          const p = index.positionAt(start);
          const q = index.positionAt(end);
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
