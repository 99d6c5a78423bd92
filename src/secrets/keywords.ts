/**
 * The keyword prefilter: one Aho-Corasick automaton over every rule's keywords, ASCII
 * case-folded, walked once over the text (one table look-up per character). A JavaScript regex
 * alternation of ~100 literals tries each alternative at each position; this does not.
 */

const ALPHABET = 128;

export class KeywordAutomaton {
  /** delta[state * 128 + char] -> next state (failure links folded in: a full DFA). */
  private readonly delta: Int32Array;
  /** For each state, the keywords that end there (own or through failure links), or undefined. */
  private readonly outputs: (number[] | undefined)[];
  readonly keywords: readonly string[];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((k, index) => {
      let s = 0;
      for (const ch of k.toLowerCase()) {
        const c = ch.charCodeAt(0);
        if (c >= ALPHABET) throw new Error(`keyword ${k} is not ASCII`);
        let next = goto[s]!.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s]!.set(c, next);
        }
        s = next;
      }
      out[s]!.push(index);
    });
    const n = goto.length;
    const delta = new Int32Array(n * ALPHABET);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = goto[0]!.get(c);
      if (t !== undefined) {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      out[s]!.push(...out[fail[s]!]!);
      for (let c = 0; c < ALPHABET; c++) {
        const t = goto[s]!.get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * ALPHABET + c]!;
          delta[s * ALPHABET + c] = t;
          queue.push(t);
        } else delta[s * ALPHABET + c] = delta[fail[s]! * ALPHABET + c]!;
      }
    }
    this.delta = delta;
    this.outputs = out.map((o) => (o.length > 0 ? o : undefined));
  }

  /**
   * Calls `onHit(start, keywordIndexes)` for each position where keywords end, in text order.
   * Upper-case ASCII letters are folded; other characters over ASCII reset the automaton.
   */
  scan(text: string, onHit: (start: number, keywords: readonly number[], length: number) => void): void {
    const { delta, outputs } = this;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        s = 0;
        continue;
      }
      if (c >= 65 && c <= 90) c |= 0x20;
      s = delta[s * ALPHABET + c]!;
      const o = outputs[s];
      if (o !== undefined) {
        // Report at the start of the longest keyword ending here.
        let longest = 0;
        for (const k of o) longest = Math.max(longest, this.keywords[k]!.length);
        onHit(i + 1 - longest, o, longest);
      }
    }
  }
}
