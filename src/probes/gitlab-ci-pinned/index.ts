/**
 * Images, services and includes of GitLab CI files: pinned (digest, integrity hash, commit SHA) or
 * not. Hidden jobs are templates; what they give is checked in the jobs that extend them.
 */
import type { Facts } from '../../collectors/types.js';
import { parseImageRef } from '../../composition/extractors/support/image-ref.js';
import type { Include, Str } from '../../models/gitlab-ci/index.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { gitlabFilesFor, gitlabLocation } from '../modelled.js';
import { oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);
const SHA = /^[0-9a-f]{40}$/i;

function includeProblem(inc: Include): { at: Str; why: string } | undefined {
  if (inc.kind === 'remote' && !inc.integrity)
    return { at: inc.value, why: 'remote include without `integrity:`' };
  if (inc.kind === 'project' && !(inc.ref && SHA.test(inc.ref.value))) {
    return {
      at: inc.ref ?? inc.value,
      why: inc.ref
        ? `project include at ${quote(inc.ref.value, 60)}, not a commit SHA`
        : 'project include without `ref:` (the default branch)',
    };
  }
  if (inc.kind === 'component') {
    const version = inc.value.value.split('@')[1];
    if (!version || !SHA.test(version))
      return {
        at: inc.value,
        why: `component at ${version ? quote(version, 60) : 'no version'}, not a commit SHA`,
      };
  }
  return undefined;
}

function run(facts: Facts): Finding[] {
  const { files, value: all, findings: out } = gitlabFilesFor(facts, definition);
  for (const file of files) {
    let problems = 0;
    const images: { s: Str; what: string }[] = [
      ...(file.defaultImage ? [{ s: file.defaultImage, what: 'default image' }] : []),
      ...file.defaultServices.map((s) => ({ s, what: 'default service' })),
      ...file.jobs
        .filter((j) => !j.hidden)
        .flatMap((j) => [
          ...(j.image ? [{ s: j.image, what: `image of job ${j.name}` }] : []),
          ...j.services.map((s) => ({ s, what: `service of job ${j.name}` })),
        ]),
    ];
    const seen = new Set<string>();
    for (const { s, what } of images) {
      // an image a template gives is read once, where it is written
      const where = `${s.span.line}:${s.span.column}`;
      if (seen.has(where)) continue;
      seen.add(where);
      if (s.value.includes('$')) {
        problems++;
        out.push(
          finding(definition, {
            outcome: 'unknown',
            sub: 'image',
            message: `${oneLine(file.path)}:${s.span.line}: ${what} ${quote(s.value)} is given by a variable`,
            location: gitlabLocation(file.path, s),
            key: `variable\0${s.value}`,
          }),
        );
        continue;
      }
      if (parseImageRef(s.value)?.digest) continue;
      problems++;
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'image',
          message: `${oneLine(file.path)}:${s.span.line}: ${what} ${quote(s.value)} is not pinned by digest`,
          location: gitlabLocation(file.path, s),
          key: s.value,
        }),
      );
    }
    for (const inc of file.includes) {
      const p = includeProblem(inc);
      if (!p) continue;
      problems++;
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'include',
          message: `${oneLine(file.path)}:${p.at.span.line}: ${p.why}: ${quote(inc.value.value, 120)}`,
          location: gitlabLocation(file.path, p.at),
          key: `${inc.kind}\0${inc.value.value}`,
        }),
      );
    }
    if (problems === 0) {
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: `${oneLine(file.path)}: ${images.length === 0 && file.includes.length === 0 ? 'names no image and includes nothing remote' : 'every image, service and include is pinned'}`,
          location: { path: file.path },
          key: 'pinned',
        }),
      );
    }
  }
  for (const m of all?.missingIncludes ?? []) {
    out.push(
      finding(definition, {
        outcome: 'observation',
        sub: 'local-include',
        message: `${oneLine(m.from)}:${m.line}: local include ${quote(m.path, 120)} is not followed: ${m.reason}`,
        location: { path: m.from, line: m.line, column: m.column },
        key: `missing\0${m.path}`,
      }),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
