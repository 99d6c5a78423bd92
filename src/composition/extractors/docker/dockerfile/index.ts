/**
 * Dockerfile / Containerfile base images: `FROM [--platform=..] image[:tag][@digest] [AS name]` and
 * `COPY --from=image`. `FROM <earlier stage>` and `scratch` are not components; `$VAR`/`${VAR}` in
 * FROM expand from ARG defaults declared before the first FROM (the only ones FROM can see). Images
 * that reach the final stage (its FROM chain, or COPY --from into one of those stages) are prod;
 * images used only by other build stages are dev.
 */

import { flags, instructions, substitute } from '../../../../models/dockerfile/parse.js';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { imageComponent, parseImageRef } from '../../support/image-ref.js';

const dockerfileFormat = infoFor(import.meta.url);

export { substitute };

const ID = dockerfileFormat.id;
const MAX_DOCKERFILE_BYTES = 4 * 1024 * 1024;

/** Keeps notes short when a file holds absurdly long words. */
function short(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

interface Stage {
  name?: string;
  /** Index of the stage this one builds on, when FROM names an earlier stage. */
  parentStage?: number;
  images: { component: Component }[];
}

export function parseDockerfile(path: string, text: string): ExtractionResult {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  if (text.length > MAX_DOCKERFILE_BYTES) {
    return { ...result, error: `file too large: ${text.length} characters (limit ${MAX_DOCKERFILE_BYTES})` };
  }
  const notes: string[] = [];
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  const stageIndex = (ref: string): number | undefined => {
    const lower = ref.toLowerCase();
    const byName = stages.findIndex((s) => s.name === lower);
    if (byName >= 0) return byName;
    return /^\d+$/.test(ref) && Number(ref) < stages.length ? Number(ref) : undefined;
  };

  for (const ins of instructions(text)) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      // ARG NAME[=default] [NAME2[=default2] ...]
      for (const word of ins.args.split(/\s+/).filter((w) => w !== '')) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        const value = eq < 0 ? undefined : word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
        const expanded = value === undefined ? undefined : substitute(value, globalArgs);
        if (expanded !== undefined) globalArgs.set(name, expanded);
      }
    } else if (ins.keyword === 'FROM') {
      const { rest } = flags(ins.args);
      const stage: Stage = { images: [] };
      if (rest.length >= 3 && rest[1]!.toUpperCase() === 'AS') stage.name = rest[2]!.toLowerCase();
      const written = rest[0];
      if (!written) {
        notes.push(`line ${ins.line}: FROM without an image`);
        stages.push(stage);
        continue;
      }
      const ref = substitute(written, globalArgs);
      if (ref === undefined) {
        notes.push(
          `line ${ins.line}: ${short(written)} uses a build argument with no default; image unknown`,
        );
      } else if (ref.toLowerCase() === 'scratch') {
        // the empty image
      } else {
        const earlier = stages.findIndex((s) => s.name === ref.toLowerCase());
        if (earlier >= 0) {
          stage.parentStage = earlier;
        } else {
          const image = parseImageRef(ref);
          if (image) stage.images.push({ component: imageComponent(image, 'dev', { path, line: ins.line }) });
          else notes.push(`line ${ins.line}: "${short(ref)}" is not an image reference`);
        }
      }
      stages.push(stage);
    } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && stages.length > 0) {
      const from = flags(ins.args).flags.get('from');
      if (!from) continue;
      const ref = substitute(from, globalArgs) ?? from;
      if (stageIndex(ref) !== undefined) continue;
      const image = parseImageRef(ref);
      if (image)
        stages[stages.length - 1]!.images.push({
          component: imageComponent(image, 'dev', { path, line: ins.line }),
        });
      else notes.push(`line ${ins.line}: --from=${short(from)} is neither a stage nor an image reference`);
    }
  }

  // Stages whose content ends up in the final image: the last stage and the stages it builds FROM.
  const shipped = new Set<number>();
  for (let s: number | undefined = stages.length - 1; s !== undefined && s >= 0 && !shipped.has(s); ) {
    shipped.add(s);
    s = stages[s]!.parentStage;
  }
  stages.forEach((stage, i) => {
    for (const { component } of stage.images) {
      if (shipped.has(i)) component.scope = 'prod';
      result.components.push(component);
    }
  });
  result.components.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  if (notes.length > 0) result.notes = notes;
  return result;
}

export const dockerfileExtractor: Extractor = {
  ...dockerfileFormat,
  extract(input) {
    try {
      return parseDockerfile(input.path, input.text);
    } catch (e) {
      return {
        path: input.path,
        extractor: ID,
        components: [],
        error: `could not extract: ${(e as Error).message}`,
      };
    }
  },
};
