import type { VersionScheme } from './types.js';
export const pep440: VersionScheme<string> = { id: 'pep440', parse: (v) => v, compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0) };
