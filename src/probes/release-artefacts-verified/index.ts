/**
 * Each release artefact on its own: signed (and the signature verifies), checksummed only,
 * present with a signature vouch cannot check offline, neither, or failed. Artefacts come from the
 * tree (files committed beside signatures or checksum lists) and from `--release-dir`.
 */
import { isAbsolute, relative } from 'node:path';
import { releaseIntegrityFact } from '../../collectors/release-integrity/index.js';
import type { Facts } from '../../collectors/types.js';
import type { ArtefactReport, ReleaseVerification } from '../../release/verify.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Outcome, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

/** Problems reported per verification; the rest are counted in the last one. */
const MAX_PROBLEMS = 20;

function outcomeOf(a: ArtefactReport): Outcome | undefined {
  switch (a.verdict) {
    case 'failed':
      return 'fail';
    case 'signed':
    case 'checksummed':
      return 'pass';
    case 'unverified':
      return 'unknown';
    case 'neither':
      return 'fail';
  }
}

const LABEL: Record<ArtefactReport['verdict'], string> = {
  failed: 'FAILS verification',
  signed: 'signed',
  checksummed: 'checksummed, not signed',
  unverified: 'signature present, not verified',
  neither: 'neither signed nor checksummed',
};

function findingsFor(v: ReleaseVerification, where: (path: string) => string, fromTree: boolean): Finding[] {
  const out: Finding[] = [];
  for (const a of v.artefacts) {
    // A checksum list speaks through the artefacts it lists, unless it fails itself.
    if (a.role === 'checksum-list' && a.verdict !== 'failed' && a.verdict !== 'signed') continue;
    // In the tree only files a signature or list names are artefacts; "neither" cannot be judged there.
    if (fromTree && a.verdict === 'neither') continue;
    const outcome = outcomeOf(a)!;
    const path = where(a.path);
    out.push(
      finding(definition, {
        outcome,
        message: `${oneLine(path)} (${a.size} bytes, sha256 ${a.sha256.slice(0, 12)}…): ${LABEL[a.verdict]}: ${oneLine(a.summary, 400)}`,
        location: { path },
        key: `${a.path}\0${a.verdict}`,
        ...(a.verdict === 'failed' ? { severity: 'high' as const } : {}),
        ...(a.verdict === 'checksummed' ? { confidence: 'low' as const } : {}),
      }),
    );
  }
  const problems = v.problems.slice(0, MAX_PROBLEMS);
  for (const [i, p] of problems.entries()) {
    const more =
      i === problems.length - 1 && v.problems.length > MAX_PROBLEMS
        ? ` (and ${v.problems.length - MAX_PROBLEMS} more)`
        : '';
    out.push(
      finding(definition, {
        outcome: 'observation',
        message: `${oneLine(where(p.file))}${p.line ? `:${p.line}` : ''}: ${oneLine(p.message, 200)}${more}`,
        location: { path: where(p.file), ...(p.line ? { line: p.line } : {}) },
        key: `problem\0${p.file}\0${p.message}`,
      }),
    );
  }
  return out;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, releaseIntegrityFact);
  if (!got.ok) return got.findings;
  const { tree, folder } = got.value;
  const out: Finding[] = [];
  if (tree) out.push(...findingsFor(tree, (p) => p, true));
  if (folder && 'error' in folder) {
    out.push(
      finding(definition, {
        outcome: 'error',
        message: `The release folder ${oneLine(folder.dir)} could not be verified: ${oneLine(folder.error, 200)}`,
        key: 'release-dir',
        remediation:
          'Give --release-dir an existing folder of release artefacts, and --release-key PEM public keys.',
      }),
    );
  } else if (folder) {
    // Inside the repository the folder is named as a repository path; outside, as given.
    const inside = relative(facts.inventory.root, folder.dir);
    const base = inside.startsWith('..') || isAbsolute(inside) ? folder.dir : inside;
    out.push(...findingsFor(folder, (p) => (base === '' ? p : `${base.replace(/\/$/, '')}/${p}`), false));
    if (folder.artefacts.length === 0) {
      out.push(
        finding(definition, {
          outcome: 'fail',
          message: `The release folder ${oneLine(base)} holds no artefacts`,
          key: 'empty-release-dir',
        }),
      );
    }
  }
  if (out.length === 0) {
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: tree
          ? 'The signatures and checksum lists in the tree name no artefact that is in the tree'
          : 'No signatures or checksum lists in the tree and no release folder given (--release-dir)',
        key: 'nothing-to-verify',
      }),
    ];
  }
  return out;
}

export const probe: Probe = { definition, run };
