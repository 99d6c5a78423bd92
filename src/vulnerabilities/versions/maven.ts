import type { VersionScheme } from './types.js';
export const maven: VersionScheme<string> = { id: 'maven', parse: (v) => v, compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0) };
