/**
 * The container image formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export function isDockerfilePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  // per-Dockerfile ignore files and documentation beside them
  if (/\.(dockerignore|md|markdown|rst|txt|orig|bak)$/i.test(base)) return false;
  return /^(dockerfile|containerfile)(\.[^/]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base);
}

export const dockerfileFormat: ExtractorInfo = {
  id: 'docker/dockerfile',
  ecosystem: 'docker',
  format: 'Dockerfile / Containerfile',
  kind: 'manifest',
  matches: isDockerfilePath,
};
