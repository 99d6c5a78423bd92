import type { Extractor } from '../../component.js';
import { cargoLockExtractor } from './cargolock/index.js';
import { cargoTomlExtractor } from './cargotoml/index.js';

/** The lockfile first; Cargo.toml declares what Cargo.lock pins. */
export const extractors: Extractor[] = [cargoLockExtractor, cargoTomlExtractor];
