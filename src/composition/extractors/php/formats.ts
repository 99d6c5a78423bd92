/**
 * The PHP (Composer) formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export const composerJsonFormat: ExtractorInfo = {
  id: 'php/composerjson',
  ecosystem: 'composer',
  format: 'composer.json',
  kind: 'manifest',
  matches(path) {
    return path.slice(path.lastIndexOf('/') + 1) === 'composer.json';
  },
};

export const composerLockFormat: ExtractorInfo = {
  id: 'php/composerlock',
  ecosystem: 'composer',
  format: 'composer.lock',
  kind: 'lockfile',
  matches(path) {
    return path.slice(path.lastIndexOf('/') + 1) === 'composer.lock';
  },
};
