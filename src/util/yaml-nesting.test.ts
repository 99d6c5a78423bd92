import { describe, expect, it } from 'vitest';
import { yamlNestingError } from './yaml-nesting.js';

/** The measure as one loop over every character: what the regular expressions must agree with. */
function referenceNestingError(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart) {
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++indent > 320) return `YAML nested too deeply at line ${line} (indentation over 320)`;
        continue;
      }
      atLineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++depth > 256) return `YAML nested too deeply at line ${line} (over 256 brackets)`;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['[', ']', '{', '}', '\n', ' ', '\t', '-', '?', ':', 'x', '"', '\r\n'];

describe('yamlNestingError', () => {
  it('agrees with a loop over every character, message and line included', () => {
    const next = random(20261202);
    let errors = 0;
    for (let n = 0; n < 400; n++) {
      let text = '';
      const parts = 1 + Math.floor(next() * 12);
      for (let p = 0; p < parts; p++) {
        const piece = PIECES[Math.floor(next() * PIECES.length)] as string;
        text += piece.repeat(1 + Math.floor(next() * 340));
      }
      const want = referenceNestingError(text);
      if (want) errors++;
      expect(yamlNestingError(text), JSON.stringify(text.slice(0, 80))).toBe(want);
    }
    // Both limits and the clean case are exercised.
    expect(errors).toBeGreaterThan(40);
    expect(errors).toBeLessThan(360);
  });

  it('reports whichever limit the text passes first', () => {
    const deepIndent = `${' '.repeat(321)}x`;
    const deepFlow = '['.repeat(257);
    expect(yamlNestingError(`a\n${deepIndent}\n${deepFlow}`)).toBe(
      'YAML nested too deeply at line 2 (indentation over 320)',
    );
    expect(yamlNestingError(`a\n${deepFlow}\n${deepIndent}`)).toBe(
      'YAML nested too deeply at line 2 (over 256 brackets)',
    );
    expect(yamlNestingError(`${' '.repeat(320)}x\n${'[]'.repeat(1000)}`)).toBeUndefined();
    expect(yamlNestingError(`${'- '.repeat(161)}x`)).toMatch(/line 1 \(indentation over 320\)/);
  });
});
