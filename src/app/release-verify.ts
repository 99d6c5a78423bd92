/**
 * `vouch release verify DIR`: every artefact in a release folder checked offline against the
 * checksum lists, signatures, Sigstore bundles and provenance beside it (src/release/verify.ts),
 * with keys given as PEM files. Returns data; the CLI prints it. File names and messages are
 * hostile text: one line each, unsafe characters escaped, in the text rendering.
 */

import { readKeyFiles } from '../release/keys.js';
import { releaseFileKinds } from '../release/rules.js';
import { folderSource } from '../release/source.js';
import { type ArtefactVerdict, type ReleaseVerification, verifyRelease } from '../release/verify.js';
import { oneLine, toSafeJson } from '../util/text.js';
import { VERSION } from '../version.js';

export const RELEASE_VERIFY_JSON_VERSION = '1';

export interface ReleaseVerifyReport extends ReleaseVerification {
  schemaVersion: typeof RELEASE_VERIFY_JSON_VERSION;
  tool: { name: 'vouch'; version: string };
  summary: Record<ArtefactVerdict, number>;
}

export async function releaseVerify(
  dir: string,
  keyFiles: readonly string[] = [],
): Promise<ReleaseVerifyReport> {
  const keys = await readKeyFiles(keyFiles);
  const v = await verifyRelease(await folderSource(dir), releaseFileKinds(), keys);
  const summary: Record<ArtefactVerdict, number> = {
    signed: 0,
    checksummed: 0,
    unverified: 0,
    neither: 0,
    failed: 0,
  };
  for (const a of v.artefacts) if (a.role === 'artefact' || a.verdict === 'failed') summary[a.verdict]++;
  return {
    schemaVersion: RELEASE_VERIFY_JSON_VERSION,
    tool: { name: 'vouch', version: VERSION },
    summary,
    ...v,
  };
}

/** 1 when an artefact failed verification or is neither signed nor checksummed, else 0. */
export function releaseVerifyExitCode(report: ReleaseVerifyReport): 0 | 1 {
  return report.summary.failed > 0 || report.summary.neither > 0 ? 1 : 0;
}

export function renderReleaseVerify(report: ReleaseVerifyReport, format: 'text' | 'json'): string {
  if (format === 'json') return `${toSafeJson(report, 2)}\n`;
  const lines = [`Release verification of ${oneLine(report.source)} (offline)`];
  for (const a of report.artefacts) {
    if (a.role === 'checksum-list' && a.verdict !== 'failed' && a.verdict !== 'signed') continue;
    lines.push(
      `  ${a.verdict.padEnd(11)} ${oneLine(a.path, 200)}`,
      `              ${oneLine(a.summary, 600)}`,
    );
  }
  for (const p of report.problems)
    lines.push(`  problem     ${oneLine(p.file, 200)}${p.line ? `:${p.line}` : ''}: ${oneLine(p.message)}`);
  const s = report.summary;
  lines.push(
    `${s.signed} signed, ${s.checksummed} checksummed only, ${s.unverified} unverified, ${s.neither} neither, ${s.failed} failed`,
  );
  return `${lines.join('\n')}\n`;
}
