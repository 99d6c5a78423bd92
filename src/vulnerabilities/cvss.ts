/**
 * CVSS base scores computed from the vectors a record gives (OSV `severity[]`), never read from
 * prose. v3.0, v3.1 and v4.0 vectors; anything the calculator refuses is left out.
 */
import { requireCommonJs } from '../util/commonjs.js';

type Calculator = typeof import('ae-cvss-calculator');
let calculator: Calculator | undefined;
// Loaded on the first vector: an assessment with no advisory store scores none.
const loadCalculator = (): Calculator => {
  calculator ??= requireCommonJs('ae-cvss-calculator') as Calculator;
  return calculator;
};

export interface CvssScore {
  version: '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

export function cvssScore(vector: string): CvssScore | undefined {
  if (vector.length > 300) return undefined;
  try {
    const { Cvss3P0, Cvss3P1, Cvss4P0 } = loadCalculator();
    if (vector.startsWith('CVSS:3.1/')) {
      const score = new Cvss3P1(vector).calculateScores().base;
      return score === undefined ? undefined : { version: '3.1', vector, score };
    }
    if (vector.startsWith('CVSS:3.0/')) {
      const score = new Cvss3P0(vector).calculateScores().base;
      return score === undefined ? undefined : { version: '3.0', vector, score };
    }
    if (vector.startsWith('CVSS:4.0/')) {
      const score = new Cvss4P0(vector).calculateScores().overall;
      return { version: '4.0', vector, score };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Scores of a record's `severity[]` entries. */
export function recordScores(severity: unknown): CvssScore[] {
  if (!Array.isArray(severity)) return [];
  const out: CvssScore[] = [];
  for (const s of severity) {
    const score = (s as { score?: unknown } | null)?.score;
    if (typeof score !== 'string') continue;
    const c = cvssScore(score);
    if (c) out.push(c);
  }
  return out;
}
