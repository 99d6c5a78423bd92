/**
 * The GitHub Actions model (a library: no I/O). Build it with `buildActionsFile` /
 * `buildActionsModel` from file texts, or `workflowFrom` / `actionFrom` / `dependabotFrom` from a
 * document already parsed with src/util/yaml.ts.
 */
export * from './analysis.js';
export * from './build.js';
export * from './contexts.js';
export * from './expressions.js';
export * from './matrix.js';
export * from './types.js';
export * from './uses.js';
export { Deref, routeJoin } from './yaml-tree.js';
