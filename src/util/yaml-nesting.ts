/**
 * How deeply YAML nests, measured before any parser sees the text: the parsers recurse per
 * nesting level (see yaml.ts). No dependencies, so a caller can check text without loading a
 * YAML library.
 */
const MAX_FLOW_DEPTH = 256;
const MAX_INDENT = 320;

/**
 * Counts flow brackets (quotes ignored, so the count only errs upwards) and leading
 * indentation / compact-collection markers. Real files stay far below both limits.
 */
export function yamlNestingError(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart) {
      // spaces, tabs and the "- " / "? " / ": " markers of compact nested collections
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++indent > MAX_INDENT)
          return `YAML nested too deeply at line ${line} (indentation over ${MAX_INDENT})`;
        continue;
      }
      atLineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH)
        return `YAML nested too deeply at line ${line} (over ${MAX_FLOW_DEPTH} brackets)`;
    } else if ((c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
