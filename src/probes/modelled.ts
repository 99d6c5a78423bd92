/**
 * The modelled files the container-* and gitlab-ci-* probes read (see `modelledFiles` in
 * common.ts), and where a GitLab CI value is as a finding location.
 */
import { dockerfilesFact } from '../collectors/dockerfiles/index.js';
import { gitlabCiFact } from '../collectors/gitlab-ci/index.js';
import type { Facts } from '../collectors/types.js';
import type { Span } from '../models/github-actions/yaml-tree.js';
import { modelledFiles } from './common.js';
import type { Location, ProbeDefinition } from './types.js';

export const dockerfilesFor = (facts: Facts, def: ProbeDefinition) =>
  modelledFiles(
    facts,
    def,
    dockerfilesFact,
    (v) => v.files,
    'No Dockerfile or Containerfile',
    'a Dockerfile',
  );

export const gitlabFilesFor = (facts: Facts, def: ProbeDefinition) =>
  modelledFiles(
    facts,
    def,
    gitlabCiFact,
    (v) => v.files,
    'No GitLab CI configuration',
    'GitLab CI configuration',
  );

export function gitlabLocation(path: string, at: { span: Span; route: string }): Location {
  return {
    path,
    line: at.span.line,
    column: at.span.column,
    endLine: at.span.endLine,
    endColumn: at.span.endColumn,
    route: at.route,
  };
}
