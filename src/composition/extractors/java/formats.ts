/**
 * The Java (Maven, Gradle) formats as the registry sees them before any extractor code loads: ids, names
 * and the synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its
 * entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

export const gradleLockfileFormat: ExtractorInfo = {
  id: 'java/gradlelockfile',
  ecosystem: 'maven',
  format: 'gradle.lockfile / buildscript-gradle.lockfile',
  kind: 'lockfile',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'gradle.lockfile' || base === 'buildscript-gradle.lockfile';
  },
};

export const pomXmlFormat: ExtractorInfo = {
  id: 'java/pomxml',
  ecosystem: 'maven',
  format: 'Maven pom.xml',
  kind: 'manifest',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'pom.xml' || (base.endsWith('.pom') && base.length > 4);
  },
};
