import type { VersionScheme } from './types.js';
export const alpine: VersionScheme<string> = { id: 'alpine', parse: (v) => v, compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0) };
