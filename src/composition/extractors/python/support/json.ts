/**
 * Key positions in a JSON document, found by one linear scan (JSON.parse gives none): for each key
 * of the top-level object, the offsets of the keys of its object value.
 */

/** topKey -> (key -> offset of the key's opening quote). Later duplicates overwrite, like JSON.parse. */
export function secondLevelKeyOffsets(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let depth = 0;
  let topKey: string | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      // A key is a string followed (after whitespace) by ":".
      let k = j + 1;
      while (k < n && (text[k] === ' ' || text[k] === '\n' || text[k] === '\r' || text[k] === '\t')) k++;
      if (text[k] === ':' && (depth === 1 || depth === 2)) {
        let key: string;
        try {
          key = JSON.parse(text.slice(start, j + 1)) as string;
        } catch {
          key = text.slice(start + 1, j);
        }
        if (depth === 1) {
          topKey = key;
          if (!out.has(key)) out.set(key, new Map());
        } else if (topKey !== undefined) {
          out.get(topKey)?.set(key, start);
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    i++;
  }
  return out;
}
