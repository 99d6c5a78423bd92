/**
 * Reads osv-scalibr's version-ordering cases (../shared/peer-suites/versions; format in its
 * README): used by the peer-suite test and by the versions bench.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './lockfile-peer-suite.js';

export const VERSION_SUITE = join(SHARED, 'peer-suites/versions');

export interface VersionSuiteFile {
  file: string;
  ecosystems: string[];
  comparisons: number;
}

export interface VersionCase {
  /** 1-based line in the file. */
  line: number;
  a: string;
  op: string;
  b: string;
}

export function versionSuiteFiles(): VersionSuiteFile[] {
  return (
    JSON.parse(readFileSync(join(VERSION_SUITE, 'index.json'), 'utf8')) as { files: VersionSuiteFile[] }
  ).files;
}

/** The cases of one file: lines "A OP B", skipping empty lines and "# " / "// " comments. */
export function readVersionCases(file: string): VersionCase[] {
  const cases: VersionCase[] = [];
  const lines = readFileSync(join(VERSION_SUITE, file), 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (text === '' || text.startsWith('# ') || text.startsWith('// ')) return;
    const pieces = text.split(' ');
    if (pieces.length !== 3) throw new Error(`${file}:${i + 1}: not "A OP B": ${text}`);
    cases.push({ line: i + 1, a: pieces[0]!, op: pieces[1]!, b: pieces[2]! });
  });
  return cases;
}
