/**
 * The Dockerfile model: stages with their base image (an image, an earlier stage, scratch, or a
 * reference that depends on a build argument without a default), the effective USER of each
 * stage (inherited through `FROM <stage>`) and their instructions with positions. A library: no
 * I/O; the text comes from the per-run document cache.
 */
import { type ImageRef, parseImageRef } from '../../composition/extractors/support/image-ref.js';
import { flags, type Instruction, instructions, substitute } from './parse.js';

export type { Instruction };

export interface BaseImage {
  /** As written after FROM (flags removed). */
  written: string;
  /** With build arguments substituted, when they all have defaults. */
  ref?: string;
  kind: 'image' | 'stage' | 'scratch' | 'unresolved' | 'invalid' | 'missing';
  image?: ImageRef;
  /** For `stage`: the index of the earlier stage. */
  stage?: number;
  line: number;
  column: number;
}

export interface StageUser {
  /** As written (`app`, `1000:1000`, `root`, `$USER`). */
  value: string;
  line: number;
  column: number;
  /** The stage that set it, when inherited through `FROM <stage>`. */
  fromStage?: number;
}

export interface Stage {
  index: number;
  name?: string;
  from: BaseImage;
  /** The last USER in effect at the end of the stage, own or inherited; undefined when none was set. */
  user?: StageUser;
  instructions: Instruction[];
}

export interface DockerfileModel {
  path: string;
  stages: Stage[];
  /** Set when the file could not be read or is too large; stages are then empty. */
  error?: string;
}

/** Largest Dockerfile modelled; real ones are a few KiB. */
export const MAX_DOCKERFILE_CHARS = 4 * 1024 * 1024;

function globalArgsOf(list: Instruction[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const ins of list) {
    if (ins.keyword === 'FROM') break;
    if (ins.keyword !== 'ARG') continue;
    for (const word of ins.args.split(/\s+/).filter((w) => w !== '')) {
      const eq = word.indexOf('=');
      if (eq < 0) continue;
      const value = substitute(word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2'), args);
      if (value !== undefined) args.set(word.slice(0, eq), value);
    }
  }
  return args;
}

export function buildDockerfile(path: string, text: string): DockerfileModel {
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return {
      path,
      stages: [],
      error: `file too large: ${text.length} characters (limit ${MAX_DOCKERFILE_CHARS})`,
    };
  }
  const list = instructions(text);
  const globals = globalArgsOf(list);
  const stages: Stage[] = [];
  for (const ins of list) {
    if (ins.keyword === 'FROM') {
      const { rest } = flags(ins.args);
      const written = rest[0] ?? '';
      const name = rest.length >= 3 && rest[1]!.toUpperCase() === 'AS' ? rest[2]!.toLowerCase() : undefined;
      const at = { written, line: ins.line, column: ins.column };
      let from: BaseImage;
      const ref = written === '' ? undefined : substitute(written, globals);
      if (written === '') from = { ...at, kind: 'missing' };
      else if (ref === undefined) from = { ...at, kind: 'unresolved' };
      else if (ref.toLowerCase() === 'scratch') from = { ...at, ref, kind: 'scratch' };
      else {
        const earlier = stages.findIndex((s) => s.name === ref.toLowerCase());
        const image = earlier < 0 ? parseImageRef(ref) : undefined;
        from =
          earlier >= 0
            ? { ...at, ref, kind: 'stage', stage: earlier }
            : image
              ? { ...at, ref, kind: 'image', image }
              : { ...at, ref, kind: 'invalid' };
      }
      const parent = from.kind === 'stage' ? stages[from.stage!] : undefined;
      const inherited = parent?.user
        ? { ...parent.user, fromStage: parent.user.fromStage ?? parent.index }
        : undefined;
      stages.push({
        index: stages.length,
        ...(name ? { name } : {}),
        from,
        ...(inherited ? { user: inherited } : {}),
        instructions: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    stage.instructions.push(ins);
    if (ins.keyword === 'USER' && ins.args !== '')
      stage.user = { value: ins.args.trim(), line: ins.line, column: ins.column };
  }
  return { path, stages };
}
