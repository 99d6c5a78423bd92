/**
 * The Go formats as the registry sees them before any extractor code loads: ids, names and the synchronous
 * path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export const goModFormat: ExtractorInfo = {
  id: 'go/gomod',
  ecosystem: 'golang',
  format: 'go.mod',
  kind: 'lockfile',
  matches: (path) => path === 'go.mod' || path.endsWith('/go.mod'),
};
