/**
 * Constant expansion of `strategy.matrix`, as GitHub documents it: the product of the list-valued
 * keys, minus `exclude` entries (partial matches), then each `include` entry merged into every
 * combination whose original values it does not overwrite, or added as a combination of its own.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Deref, YValue } from './yaml-tree.js';

/** GitHub's limit on jobs per matrix. */
export const MAX_MATRIX_COMBINATIONS = 256;

type Combination = Record<string, unknown>;

function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${{');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
  return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function expandMatrix(
  d: Deref,
  matrix: YValue,
): { combinations: Combination[] } | { notConstant: string } {
  const plain = d.toPlain(matrix);
  if (typeof plain === 'string' && plain.includes('${{'))
    return { notConstant: 'the matrix is an expression' };
  if (!isRecord(plain)) return { notConstant: 'the matrix is not a mapping' };
  if (hasExpression(plain)) return { notConstant: 'the matrix holds expressions' };
  const { include, exclude, ...axes } = plain;
  let combos: Combination[] = [{}];
  const axisNames = Object.keys(axes);
  for (const name of axisNames) {
    const values = axes[name];
    if (!Array.isArray(values)) return { notConstant: `matrix.${name} is not a list` };
    const next: Combination[] = [];
    for (const c of combos) for (const v of values) next.push({ ...c, [name]: v });
    if (next.length > MAX_MATRIX_COMBINATIONS)
      return { notConstant: `more than ${MAX_MATRIX_COMBINATIONS} combinations` };
    combos = next;
  }
  if (axisNames.length === 0) combos = [];
  if (exclude !== undefined) {
    if (!Array.isArray(exclude)) return { notConstant: 'matrix.exclude is not a list' };
    for (const ex of exclude) {
      if (!isRecord(ex)) continue;
      combos = combos.filter((c) => !Object.entries(ex).every(([k, v]) => isDeepStrictEqual(c[k], v)));
    }
  }
  if (include !== undefined) {
    if (!Array.isArray(include)) return { notConstant: 'matrix.include is not a list' };
    const originals: (Combination | undefined)[] = combos.map((c) => ({ ...c }));
    for (const inc of include) {
      if (!isRecord(inc)) continue;
      let merged = false;
      combos.forEach((c, i) => {
        const original = originals[i];
        // values of the original axes may not be overwritten; added keys may
        const fits = Object.entries(inc).every(
          ([k, v]) => original === undefined || !(k in original) || isDeepStrictEqual(original[k], v),
        );
        if (fits && original !== undefined) {
          Object.assign(c, inc);
          merged = true;
        }
      });
      if (!merged) {
        combos.push({ ...inc });
        originals.push(undefined);
      }
      if (combos.length > MAX_MATRIX_COMBINATIONS)
        return { notConstant: `more than ${MAX_MATRIX_COMBINATIONS} combinations` };
    }
  }
  return { combinations: combos };
}
