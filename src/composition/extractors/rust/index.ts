import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { cargoLockFormat, cargoTomlFormat } from './formats.js';

/**
 * The lockfile first; Cargo.toml declares what Cargo.lock pins.
 * Each extractor's module (and its parser library) loads when it first extracts a file.
 */
export const extractors: Extractor[] = [
  lazyExtractor(cargoLockFormat, async () => (await import('./cargolock/index.js')).cargoLockExtractor),
  lazyExtractor(cargoTomlFormat, async () => (await import('./cargotoml/index.js')).cargoTomlExtractor),
];
