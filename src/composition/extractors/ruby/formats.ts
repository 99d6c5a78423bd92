/**
 * The Ruby formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export const gemfileLockFormat: ExtractorInfo = {
  id: 'ruby/gemfilelock',
  ecosystem: 'gem',
  format: 'Gemfile.lock / gems.locked',
  kind: 'lockfile',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'Gemfile.lock' || base === 'gems.locked';
  },
};
