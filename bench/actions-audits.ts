/**
 * GitHub Actions audits over every workflow and action of the peer suites (zizmor + Scorecard,
 * ../shared/peer-suites/gha), in one process: workflows audited per second, and the time of all
 * the audits against the time to parse the same YAML with the same parser. Goal: the audits cost
 * less than twice the parse (ratio under 2).
 */
import { readFileSync } from 'node:fs';
import { type ActionsFile, buildActionsFile, kindOfPath } from '../src/models/github-actions/index.js';
import type { ActionsAuditProbe, ActionsFileModel } from '../src/probes/actions-audit.js';
import { probes } from '../src/probes/index.js';
import { parseYamlDocument } from '../src/util/yaml.js';
import { yamlFiles } from '../test/helpers/gha-peer-suite.js';
import { formatMs, formatRatio, median } from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'actions-audits';
export const description =
  'GitHub Actions audits: workflows/s over the peer-suite workflows, and audit time / YAML parse time';

const RUNS = 15;

/** CPU time (user + system, ms) of this process for `once`: under a shared machine's load, wall time is noise. */
function time(once: () => void): number {
  const started = process.cpuUsage();
  once();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const files = yamlFiles().map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const audits = probes.filter((p) => 'auditFiles' in p) as ActionsAuditProbe[];
  const kind = (p: string) => (kindOfPath(p) === 'action' ? 'action' : 'workflow');
  const models = files.map(
    (f) => buildActionsFile({ ...f, kind: kind(f.path) }) as ActionsFile as ActionsFileModel,
  );
  const runs = ctx.runs ?? RUNS;
  ctx.log(`actions-audits: ${files.length} files, ${audits.length} audits, ${runs} runs`);
  let findings = 0;
  const parse: number[] = [];
  const build: number[] = [];
  const audit: number[] = [];
  // interleaved so that drift in machine load touches all three alike
  for (let i = 0; i < runs; i++) {
    parse.push(
      time(() => {
        for (const f of files) parseYamlDocument(f.text, { uniqueKeys: true });
      }),
    );
    build.push(
      time(() => {
        for (const f of files) buildActionsFile({ ...f, kind: kind(f.path) });
      }),
    );
    audit.push(
      time(() => {
        findings = 0;
        for (const a of audits) findings += a.auditFiles(models).length;
      }),
    );
  }
  const [p, b, a] = [median(parse), median(build), median(audit)];
  const perSecond = Math.round((files.length / a) * 1000);
  return {
    lines: [
      `actions-audits: ${files.length} workflows and actions, ${audits.length} audits, ${findings} findings`,
      `actions-audits: CPU time: audits ${formatMs(a)} (${perSecond.toLocaleString('en-GB')} workflows/s of CPU), YAML parse ${formatMs(p)}, model build incl. parse ${formatMs(b)}`,
      `actions-audits: audit/parse CPU-time ratio ${formatRatio(a, p, 2)} (goal under 2)`,
    ],
  };
}
