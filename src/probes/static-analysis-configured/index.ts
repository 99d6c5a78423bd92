/**
 * Passes (high confidence) when a SAST tool runs in CI, or (low confidence) when a hosted SAST
 * service is configured by a file (SonarCloud, DeepSource). Unknown when nothing was found but
 * some CI file could not be parsed. Other scanner kinds are mentioned, never counted.
 */
import { hostFact } from '../../collectors/host/index.js';
import { staticAnalysisFact } from '../../collectors/static-analysis/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor, unparsedCiFiles } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, staticAnalysisFact);
  if (!got.ok) return got.findings;
  const { tools, ciUnparsed, ciFiles } = got.value;
  const sast = tools.filter((t) => t.kind === 'sast');
  const inCi = sast.filter((t) => t.inCi);
  if (inCi.length > 0) {
    const d = inCi[0]!.detections.find((x) => x.via !== 'config') ?? inCi[0]!.detections[0]!;
    return [
      finding(definition, {
        outcome: 'pass',
        confidence: 'high',
        message: `SAST runs in CI: ${list(inCi.map((t) => t.name))} (${oneLine(d.path)})`,
        location: { path: d.path, ...(d.line ? { line: d.line, column: d.column } : {}) },
        key: 'in-ci',
      }),
    ];
  }
  const service = sast.filter((t) => t.service && t.configured);
  if (service.length > 0) {
    const d = service[0]!.detections[0]!;
    return [
      finding(definition, {
        outcome: 'pass',
        confidence: 'low',
        message: `${list(service.map((t) => t.name))} configured (${oneLine(d.path)}); it runs as a hosted service, not seen in CI`,
        location: { path: d.path },
        key: 'service',
      }),
    ];
  }
  if (ciUnparsed.length > 0) return unparsedCiFiles(definition, ciUnparsed, 'SAST step');
  const configOnly = sast.filter((t) => t.configured && !t.inCi);
  const others = tools.filter((t) => t.kind !== 'sast' && (t.inCi || t.configured));
  const parts: string[] = [];
  if (configOnly.length > 0) {
    parts.push(
      `${list(configOnly.map((t) => `${t.name} (${t.detections[0]?.path ?? ''})`))} configured but no CI step runs it`,
    );
  }
  if (others.length > 0)
    parts.push(`CI runs ${list(others.map((t) => `${t.name} [${t.kind}]`))}, which is not SAST`);
  const first = configOnly[0]?.detections[0];
  // GitHub's code-scanning default setup runs CodeQL with no workflow in the tree: only the host knows.
  const host = facts.get(hostFact)?.codeScanningDefaultSetup;
  if (host?.status === 'known' && host.value.configured) {
    return [
      finding(definition, {
        outcome: 'pass',
        confidence: 'high',
        message: `GitHub code scanning default setup runs CodeQL${host.value.languages.length ? ` (${list(host.value.languages.map((l) => oneLine(l)))})` : ''}; no workflow in the tree is needed (${host.source})`,
        key: 'default-setup',
      }),
    ];
  }
  if (host?.status !== 'known') {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `No static analysis runs in the tree's CI${parts.length ? ` (${parts.join('; ')})` : ''}; the host's code-scanning default setup may run it instead, but ${oneLine(host?.reason ?? 'the host facts are missing', 200)}`,
        key: 'absent',
        remediation:
          'Run a SAST tool in CI, or let vouch ask the host (--github-token or GITHUB_TOKEN) whether code-scanning default setup is on.',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'fail',
      message: `No static analysis runs in CI${ciFiles === 0 ? ' (no CI configuration)' : ''}${parts.length ? `: ${parts.join('; ')}` : ''}`,
      ...(first ? { location: { path: first.path, ...(first.line ? { line: first.line } : {}) } } : {}),
      key: 'absent',
    }),
  ];
}

export const probe: Probe = { definition, run };
