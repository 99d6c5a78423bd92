/**
 * Two ways a GitLab pipeline runs an outsider's code with the project's trust: a job that runs in
 * merge-request pipelines (the merge request's code, a fork's when the project runs fork
 * pipelines) holding credentials, and attacker-controlled predefined variables reaching a code
 * sink. Trust knowledge is data (rules/gitlab-ci.yaml).
 */
import type { Facts } from '../../collectors/types.js';
import type { GitlabFile, GitlabJob, Str } from '../../models/gitlab-ci/index.js';
import { gitlabTrust, variableRefs } from '../../models/gitlab-ci/trust.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { gitlabFilesFor, gitlabLocation } from '../modelled.js';
import { list, oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);
/** Longest command line a pattern is tried on. */
const MAX_LINE = 4000;

type Trust = ReturnType<typeof gitlabTrust>;

function runsOnMergeRequests(job: GitlabJob, workflow: Str[], t: Trust): Str | undefined {
  const own = [...job.rulesIf, ...job.only].find((s) => t.mergeRequestSignals.test(s.value));
  if (own) return own;
  if (job.rulesIf.length > 0 || job.only.length > 0) return undefined;
  return workflow.find((s) => t.mergeRequestSignals.test(s.value));
}

function credentialsOf(job: GitlabJob, t: Trust): { what: string; at: Str }[] {
  const out: { what: string; at: Str }[] = [
    ...job.secrets.map((s) => ({ what: `secret ${s.value}`, at: s })),
    ...job.idTokens.map((s) => ({ what: `ID token ${s.value}`, at: s })),
  ];
  if (job.environment && t.deployEnvironments.test(job.environment.value)) {
    out.push({ what: `environment ${job.environment.value}`, at: job.environment });
  }
  const named = new Set<string>();
  for (const c of job.commands) {
    for (const ref of variableRefs(c.text)) {
      if (ref.name.startsWith('CI_') || named.has(ref.name) || !t.credentialNames.test(ref.name)) continue;
      // a value written in the file is not a stored credential
      if (job.variables.has(ref.name)) continue;
      named.add(ref.name);
      out.push({ what: `variable ${ref.name}`, at: { value: c.text, span: c.span, route: c.route } });
    }
  }
  return out;
}

function injections(file: GitlabFile, job: GitlabJob, t: Trust): Finding[] {
  const out: Finding[] = [];
  for (const c of job.commands) {
    const lines = c.text.split('\n');
    for (const [i, raw] of lines.entries()) {
      const line = raw.slice(0, MAX_LINE);
      const sink = t.codeSinks.exec(line);
      if (!sink) continue;
      const hit = variableRefs(line.slice(sink.index)).find((r) => t.attackerControlled.has(r.name));
      if (!hit) continue;
      const lineNo = c.span.line + (lines.length > 1 ? i + 1 : 0);
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'injection',
          message: `${oneLine(file.path)}:${lineNo}: job ${quote(job.name, 60)} passes ${hit.name}, which a merge request or commit author controls, to ${quote(sink[0], 20)}: ${quote(line, 120)}`,
          location: { ...gitlabLocation(file.path, c), line: lineNo },
          key: `${job.name}\0${hit.name}\0${line}`,
        }),
      );
    }
  }
  return out;
}

function run(facts: Facts): Finding[] {
  const { files, findings: out } = gitlabFilesFor(facts, definition);
  const t = gitlabTrust();
  const workflow = files.flatMap((f) => f.workflowRulesIf);
  for (const file of files) {
    const found: Finding[] = [];
    for (const job of file.jobs.filter((j) => !j.hidden)) {
      found.push(...injections(file, job, t));
      const mr = runsOnMergeRequests(job, workflow, t);
      if (!mr) continue;
      if ([...job.rulesIf, ...workflow].some((s) => t.forkGuards.test(s.value))) continue;
      const creds = credentialsOf(job, t);
      if (creds.length === 0) continue;
      found.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'merge-request-credentials',
          message: `${oneLine(file.path)}:${job.span.line}: job ${quote(job.name, 60)} runs in merge-request pipelines (${quote(mr.value, 80)}) with ${list(
            creds.map((c) => c.what),
            4,
          )}; a merge request's code, a fork's too when fork pipelines run in this project, can read them`,
          location: gitlabLocation(file.path, { span: job.span, route: job.route }),
          key: `${job.name}\0mr-credentials`,
        }),
      );
    }
    out.push(
      ...(found.length > 0
        ? found
        : [
            finding(definition, {
              outcome: 'pass',
              message: `${oneLine(file.path)}: no job runs merge-request code with credentials, and no attacker-controlled variable reaches a code sink`,
              location: { path: file.path },
              key: 'clean',
            }),
          ]),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
