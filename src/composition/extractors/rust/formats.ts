/**
 * The Rust formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export const cargoLockFormat: ExtractorInfo = {
  id: 'rust/cargolock',
  ecosystem: 'cargo',
  format: 'Cargo.lock',
  kind: 'lockfile',
  matches: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
};

export const cargoTomlFormat: ExtractorInfo = {
  id: 'rust/cargotoml',
  ecosystem: 'cargo',
  format: 'Cargo.toml',
  kind: 'manifest',
  matches: (path) => path === 'Cargo.toml' || path.endsWith('/Cargo.toml'),
};
