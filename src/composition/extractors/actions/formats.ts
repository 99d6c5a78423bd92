/**
 * The GitHub Actions formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

/** GitHub runs only the workflows at the repository root's .github/workflows (not in subfolders). */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export function isActionMetadataPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'action.yml' || base === 'action.yaml';
}

export const workflowFormat: ExtractorInfo = {
  id: 'actions/workflow',
  ecosystem: 'github-actions',
  format: 'GitHub Actions workflow / action.yml',
  kind: 'manifest',
  matches: (path) => isWorkflowPath(path) || isActionMetadataPath(path),
};
