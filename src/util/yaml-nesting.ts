/**
 * How deeply YAML nests, measured before any parser sees the text: the parsers recurse per
 * nesting level (see yaml.ts). No dependencies, so a caller can check text without loading a
 * YAML library.
 */
import { positionOf } from './position.js';

const MAX_FLOW_DEPTH = 256;
const MAX_INDENT = 320;

/** A line starting with more indentation or compact-collection markers than MAX_INDENT allows. */
const DEEP_LINE_START = new RegExp(`(?:^|\\n)[ \\t?:-]{${MAX_INDENT + 1}}`);
/** The flow brackets, opening ones first: the only characters the depth count looks at. */
const BRACKETS = ['[', '{', ']', '}'] as const;

/**
 * Counts flow brackets (quotes ignored, so the count only errs upwards) and leading
 * indentation / compact-collection markers (spaces, tabs and the "- " / "? " / ": " markers of
 * compact nested collections). Real files stay far below both limits. The two are measured apart,
 * by a regular expression and indexOf jumps from bracket to bracket instead of a loop over every character
 * (a 3 MB lockfile's worth of cold JavaScript); the first problem in the text is the one reported.
 */
export function yamlNestingError(text: string): string | undefined {
  const deepLine = DEEP_LINE_START.exec(text);
  // Where the loop over characters would have stopped: the first marker past the limit.
  const indentAt = deepLine ? deepLine.index + deepLine[0].length - 1 : Number.POSITIVE_INFINITY;
  let depthAt = Number.POSITIVE_INFINITY;
  let depth = 0;
  // The next position of each bracket (text.length when there is none): one indexOf per bracket.
  const next = BRACKETS.map((b) => nextOf(text, b, 0));
  for (;;) {
    let k = 0;
    for (let j = 1; j < 4; j++) if ((next[j] as number) < (next[k] as number)) k = j;
    const at = next[k] as number;
    if (at >= text.length || at >= indentAt) break;
    next[k] = nextOf(text, BRACKETS[k] as string, at + 1);
    if (k < 2) {
      if (++depth > MAX_FLOW_DEPTH) {
        depthAt = at;
        break;
      }
    } else if (depth > 0) depth--;
  }
  if (indentAt === Number.POSITIVE_INFINITY && depthAt === Number.POSITIVE_INFINITY) return undefined;
  const at = Math.min(indentAt, depthAt);
  const line = positionOf(text, at).line;
  return at === depthAt
    ? `YAML nested too deeply at line ${line} (over ${MAX_FLOW_DEPTH} brackets)`
    : `YAML nested too deeply at line ${line} (indentation over ${MAX_INDENT})`;
}

function nextOf(text: string, c: string, from: number): number {
  const at = text.indexOf(c, from);
  return at < 0 ? text.length : at;
}
