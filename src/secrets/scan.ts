/**
 * The secret scanner over one file. The keyword automaton walks the file's bytes once (no
 * decoding: most bytes of most files are never turned into a string) and finds the places worth
 * looking at; each rule's pattern then runs only on a bounded window of the lines where one of
 * its keywords occurs, decoded on its own. The cost is one pass over the bytes plus pattern runs
 * on windows of at most `2 × window` bytes, so a huge single-line file costs a keyword pass. The
 * whole text is decoded only for a file with a match (for positions and validators that look
 * past the window).
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
  /** Byte offsets in the file; start and end fall on UTF-8 character boundaries. */
  start: number;
  end: number;
  /** The rules (indexes) whose keywords occur in the window. */
  rules: number[];
}

/** The first character boundary at or after `i` (a UTF-8 continuation byte is 10xxxxxx). */
function boundaryAfter(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i++;
  return i;
}

/** The file as bytes, its text decoded on first use, and UTF-16 offsets of byte offsets. */
class Source {
  private decoded: string | undefined;
  /** Byte offset -> UTF-16 offset, for the window starts asked about. */
  private readonly offsets = new Map<number, number>();
  /** The last offset answered, in bytes and in UTF-16 code units. */
  private lastByte = 0;
  private lastUtf16 = 0;

  constructor(
    readonly bytes: Buffer,
    text?: string,
  ) {
    this.decoded = text;
  }

  get text(): string {
    this.decoded ??= this.bytes.toString('utf8');
    return this.decoded;
  }

  /**
   * UTF-16 offset in `text` of a byte offset on a character boundary. Windows are asked about in
   * file order, so each answer decodes only the bytes since the last one (a file with matches in
   * many windows is decoded once in all, not once per window).
   */
  utf16(byteOffset: number): number {
    let n = this.offsets.get(byteOffset);
    if (n === undefined) {
      const from = byteOffset >= this.lastByte ? this.lastByte : 0;
      n = (from === 0 ? 0 : this.lastUtf16) + this.bytes.toString('utf8', from, byteOffset).length;
      this.offsets.set(byteOffset, n);
      this.lastByte = byteOffset;
      this.lastUtf16 = n;
    }
    return n;
  }
}

/**
 * The stretches worth decoding, in file order and disjoint: the line around each keyword hit,
 * cut to `window` bytes each side, merged where they touch, each with the rules whose keywords
 * occur in it. A rule's match holds one of its keywords, so running it on the merged stretch
 * finds what it would on its own lines. Hits are added in file order.
 */
class Windows {
  readonly list: Window[] = [];
  /** The current stretch of one line: no line break in [start, end); `closed` when end is one. */
  private cur = { start: 0, end: -1, closed: false };

  constructor(
    private readonly bytes: Uint8Array,
    private readonly w: number,
    private readonly rulesOf: readonly (readonly number[])[],
  ) {}

  add(hit: number, keywords: readonly number[]): void {
    const { bytes, w, cur } = this;
    const n = bytes.length;
    let start: number;
    let end: number;
    if (hit < cur.end) {
      // Inside the stretch already measured: only what lies past its end is searched, so many
      // hits on one long line cost one pass over it.
      start = Math.max(cur.start, boundaryAfter(bytes, hit - w));
      end = cur.end;
      if (!cur.closed && hit + w > cur.end) {
        const nl = nextBreak(bytes, cur.end, Math.min(n, hit + w));
        end = nl >= 0 ? nl : cutEnd(bytes, hit + w);
        this.cur = { start: cur.start, end, closed: nl >= 0 };
      }
    } else {
      // The line around the hit, cut to `w` bytes each side (on character boundaries).
      const from = boundaryAfter(bytes, Math.max(0, hit - w));
      start = previousBreak(bytes, hit, from) + 1;
      const nl = nextBreak(bytes, hit, Math.min(n, hit + w));
      end = nl >= 0 ? nl : cutEnd(bytes, hit + w);
      this.cur = { start, end, closed: nl >= 0 };
    }
    const out = this.list;
    let last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else {
      last = { start, end, rules: [] };
      out.push(last);
    }
    for (const k of keywords) {
      for (const i of this.rulesOf[k]!) if (!last.rules.includes(i)) last.rules.push(i);
    }
  }
}

/** One file of a pass that finds keyword hits itself (see SecretScanner.keywords). */
export interface SecretFileScan {
  /** A hit of the scanner's keywords (indexes into `keywords`), in file order. */
  add(hit: number, keywords: readonly number[]): void;
  /** The secrets in the file, as `scanBytes` would find them. */
  finish(): SecretMatch[];
}

export class SecretScanner {
  /** The prefilter's keywords (ASCII, lower case): a pass over several scanners' keywords reports hits by index. */
  readonly keywords: readonly string[];
  private prefilterBuilt: KeywordAutomaton | undefined;
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
    this.keywords = [...byKeyword.keys()];
    this.rulesOf = [...byKeyword.values()];
  }

  /** Built on first use: a pass over several scanners' keywords never needs this one. */
  private get prefilter(): KeywordAutomaton {
    this.prefilterBuilt ??= new KeywordAutomaton(this.keywords);
    return this.prefilterBuilt;
  }

  /** Starts a file whose keyword hits the caller finds (`add`), then `finish` runs the patterns. */
  startFile(bytes: Buffer): SecretFileScan {
    const windows = new Windows(bytes, this.limits.window, this.rulesOf);
    return {
      add: (hit, keywords) => windows.add(hit, keywords),
      finish: () => this.matchWindows(new Source(bytes), windows.list),
    };
  }

  /** Every secret in `text`, in text order (offsets, lines and columns in UTF-16 code units). */
  scanText(text: string): SecretMatch[] {
    return this.scan(new Source(Buffer.from(text, 'utf8'), text));
  }

  /** Every secret in a file's bytes (decoded as UTF-8), as `scanText` of its text would find them. */
  scanBytes(bytes: Buffer): SecretMatch[] {
    return this.scan(new Source(bytes));
  }

  private scan(source: Source): SecretMatch[] {
    const windows = new Windows(source.bytes, this.limits.window, this.rulesOf);
    this.prefilter.scan(source.bytes, (hit, keywords) => windows.add(hit, keywords));
    return this.matchWindows(source, windows.list);
  }

  /** Each window's rules' patterns over the window's text. */
  private matchWindows(source: Source, windows: readonly Window[]): SecretMatch[] {
    if (windows.length === 0) return [];
    const found: SecretMatch[] = [];
    let positions: Positions | undefined;
    for (const win of windows) {
      const slice = source.bytes.toString('utf8', win.start, win.end);
      for (const i of win.rules) {
        const rule = this.rules[i]!;
        const re = rule.pattern;
        re.lastIndex = 0;
        for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          const groups = m.groups ?? {};
          let secret = groups.secret ?? m[0];
          let confidence = rule.confidence;
          let note: string | undefined;
          if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
          const start = source.utf16(win.start) + m.index;
          const end = start + m[0].length;
          if (rule.check) {
            const candidate: Candidate = { text: source.text, start, end, secret, groups };
            const r = VALIDATORS[rule.check](candidate);
            if (!r.keep) continue;
            if (r.confidence) confidence = r.confidence;
            if (r.secret !== undefined) secret = r.secret;
            note = r.note;
          }
          if (rule.allow.some((a) => a.test(secret))) continue;
          positions ??= new Positions(source.text);
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

/** The offset of the first line break in [from, to), or -1. */
function nextBreak(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === 10) return i;
  return -1;
}

/** The offset of the last line break in [floor, before), or floor - 1. */
function previousBreak(bytes: Uint8Array, before: number, floor: number): number {
  for (let i = before - 1; i >= floor; i--) if (bytes[i] === 10) return i;
  return floor - 1;
}

/** Where a window cut at byte `i` ends: the end of the file, or the last character boundary before `i`. */
function cutEnd(bytes: Uint8Array, i: number): number {
  if (i >= bytes.length) return bytes.length;
  while (i > 0 && (bytes[i]! & 0xc0) === 0x80) i--;
  return i;
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
