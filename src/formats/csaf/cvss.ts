/**
 * CVSS objects in CSAF (`cvss_v2`, `cvss_v3`): written from a vector, and checked (tests 6.1.8
 * to 6.1.10) against the FIRST schema, the scores the vector computes to, and the properties the
 * vector implies. The vector is the source of truth; the calculator is ae-cvss-calculator, as in
 * src/vulnerabilities/cvss.ts.
 */

import { requireCommonJs } from '../../util/commonjs.js';
import { cvssScore } from '../../vulnerabilities/cvss.js';
import { schemaErrors, schemaValidators } from './schema.js';

type Calculator = typeof import('ae-cvss-calculator');
const { Cvss2, Cvss3P0, Cvss3P1 } = requireCommonJs('ae-cvss-calculator') as Calculator;

type CvssJson = Record<string, unknown>;

/** The calculator's FIRST-schema object for a vector, or undefined when it is not a full base vector. */
function computed(key: 'cvss_v2' | 'cvss_v3', vector: string): CvssJson | undefined {
  if (vector.length > 300) return undefined;
  try {
    const calc =
      key === 'cvss_v2'
        ? new Cvss2(vector)
        : vector.startsWith('CVSS:3.0/')
          ? new Cvss3P0(vector)
          : vector.startsWith('CVSS:3.1/')
            ? new Cvss3P1(vector)
            : undefined;
    if (!calc?.isBaseFullyDefined()) return undefined;
    return calc.createJsonSchema() as CvssJson;
  } catch {
    return undefined;
  }
}

/** The cvss_v3 object for a CVSS 3.0 or 3.1 vector (what `advisory new` writes); undefined otherwise. */
export function cvssV3Object(vector: string): CvssJson | undefined {
  const score = cvssScore(vector);
  if (!score || score.version === '4.0') return undefined;
  const full = computed('cvss_v3', vector);
  if (!full) return undefined;
  // Keep what the vector says: no undefined scores, no NOT_DEFINED metrics.
  return Object.fromEntries(
    Object.entries<unknown>({ ...full, baseScore: score.score }).filter(
      ([, v]) => v !== undefined && v !== 'NOT_DEFINED',
    ),
  );
}

const SCORE_KEYS = ['baseScore', 'temporalScore', 'environmentalScore'] as const;
const SEVERITY_OF: Record<string, (typeof SCORE_KEYS)[number]> = {
  baseSeverity: 'baseScore',
  temporalSeverity: 'temporalScore',
  environmentalSeverity: 'environmentalScore',
};

function severity(score: number): string {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

export interface CvssProblems {
  /** 6.1.8: not valid against the FIRST schema of its version. */
  schema: string[];
  /** 6.1.9: a score or severity differs from what the vector computes to. */
  computation: string[];
  /** 6.1.10: a property contradicts the vector. */
  consistency: string[];
}

export function cvssObjectProblems(key: 'cvss_v2' | 'cvss_v3', value: unknown): CvssProblems {
  const out: CvssProblems = { schema: [], computation: [], consistency: [] };
  const validators = schemaValidators().cvss;
  const cvss =
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CvssJson) : undefined;
  const version = key === 'cvss_v2' ? '2.0' : cvss?.version === '3.0' ? '3.0' : '3.1';
  out.schema = schemaErrors(validators[version], value);
  const vector = typeof cvss?.vectorString === 'string' ? cvss.vectorString : undefined;
  if (!cvss || vector === undefined) return out;
  const expected = computed(key, vector);
  if (!expected) return out;

  if (key === 'cvss_v3' && typeof cvss.version === 'string' && !vector.startsWith(`CVSS:${cvss.version}/`))
    out.consistency.push(`version ${cvss.version} contradicts the vector ${vector}`);
  const base = expected.baseScore as number;
  // A temporal or environmental score with no such metrics in the vector equals the base score.
  const expectedScore = (k: (typeof SCORE_KEYS)[number]) => (expected[k] as number | undefined) ?? base;
  for (const k of SCORE_KEYS)
    if (typeof cvss[k] === 'number' && cvss[k] !== expectedScore(k))
      out.computation.push(`${k} is ${cvss[k]}; the vector computes to ${expectedScore(k)}`);
  if (key === 'cvss_v3')
    for (const [k, scoreKey] of Object.entries(SEVERITY_OF))
      if (typeof cvss[k] === 'string' && cvss[k] !== severity(expectedScore(scoreKey)))
        out.computation.push(
          `${k} is ${cvss[k]}; the vector computes to ${severity(expectedScore(scoreKey))}`,
        );

  for (const [k, v] of Object.entries(cvss)) {
    if (k === 'version' || k === 'vectorString' || k.endsWith('Score') || k.endsWith('Severity')) continue;
    // Only metrics the vector states: a property for a metric the vector leaves out is extra
    // detail, not a contradiction (as the OASIS expected results read it).
    if (k in expected && expected[k] !== 'NOT_DEFINED' && expected[k] !== v)
      out.consistency.push(`${k} is ${String(v)}; the vector says ${String(expected[k])}`);
  }
  return out;
}
