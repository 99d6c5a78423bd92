/**
 * Every Dockerfile / Containerfile of the product (the composition extractor's file names; test
 * fixtures and vendored copies left out by the scope policy), modelled once
 * (src/models/dockerfile) from the per-run document cache.
 */
import { extractorInfo } from '../../composition/extractors/definitions.js';
import { excludedFor } from '../../inventory/scope.js';
import { buildDockerfile, type DockerfileModel } from '../../models/dockerfile/index.js';
import { type Collector, defineFact } from '../types.js';
import { filesWithBase } from '../util.js';

export interface DockerfileFacts {
  files: DockerfileModel[];
}

export const dockerfilesFact = defineFact<DockerfileFacts>('dockerfiles');

export const dockerfilesCollector: Collector<DockerfileFacts> = {
  fact: dockerfilesFact,
  async collect({ inventory, documents }) {
    const files: DockerfileModel[] = [];
    for (const f of filesWithBase(inventory, extractorInfo('docker/dockerfile').matches)) {
      if (excludedFor('configuration', f.path)) continue;
      const read = await documents.text(f.path);
      files.push(
        'error' in read
          ? { path: f.path, stages: [], error: read.error }
          : buildDockerfile(f.path, read.text),
      );
    }
    return { files };
  },
};
