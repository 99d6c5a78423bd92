/**
 * The precondition the container-* probes share: the Dockerfiles that could be modelled, with an
 * `error` finding for each one that could not and `not-applicable` when there are none.
 */
import { dockerfilesFact } from '../collectors/dockerfiles/index.js';
import type { Facts } from '../collectors/types.js';
import type { DockerfileModel } from '../models/dockerfile/index.js';
import { factsFor, unanalysedFiles } from './common.js';
import { finding } from './finding.js';
import type { Finding, ProbeDefinition } from './types.js';

export function dockerfilesFor(
  facts: Facts,
  def: ProbeDefinition,
): { files: DockerfileModel[]; findings: Finding[] } {
  const got = factsFor(facts, def, dockerfilesFact);
  if (!got.ok) return { files: [], findings: got.findings };
  const { files } = got.value;
  if (files.length === 0) {
    return {
      files: [],
      findings: [
        finding(def, { outcome: 'not-applicable', message: 'No Dockerfile or Containerfile', key: 'none' }),
      ],
    };
  }
  return {
    files: files.filter((f) => f.error === undefined),
    findings: unanalysedFiles(def, files, 'a Dockerfile'),
  };
}
