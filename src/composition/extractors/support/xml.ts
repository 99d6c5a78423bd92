/**
 * A small element tree over saxes, with the 1-based line where each start tag begins. saxes never
 * fetches or expands DTD entities (a reference to one declared in a DOCTYPE is an "undefined entity"
 * error), so billion-laughs and XXE payloads fail cleanly. Element count and depth are bounded.
 */
import { libraryLoadError, loadSaxes } from './lazy.js';

export interface XmlElement {
  /** Local name: any namespace prefix is dropped. */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text and CDATA, untrimmed. */
  text: string;
  line: number;
}

export interface XmlLimits {
  maxElements?: number;
  maxDepth?: number;
}

class Abort extends Error {}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

export type XmlParse = { root: XmlElement; error?: undefined } | { root?: undefined; error: string };

/** Parses a whole document (saxes is loaded on first use); errors come back as values. */
export async function parseXml(text: string, limits: XmlLimits = {}): Promise<XmlParse> {
  let saxes: Awaited<ReturnType<typeof loadSaxes>>;
  try {
    saxes = await loadSaxes();
  } catch (e) {
    return { error: libraryLoadError('saxes', e) };
  }
  const maxElements = limits.maxElements ?? 200_000;
  const maxDepth = limits.maxDepth ?? 128;
  const parser = new saxes.SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let startLine = 1;
  let failure: string | undefined;
  const fail = (message: string): never => {
    failure ??= message;
    throw new Abort(message);
  };

  parser.on('error', (e) => fail(e.message));
  parser.on('opentagstart', () => {
    // Fired after the character that ends the tag name; column 0 means that character was a newline.
    startLine = parser.column === 0 ? parser.line - 1 : parser.line;
  });
  parser.on('opentag', (tag) => {
    if (++count > maxElements) fail(`more than ${maxElements} elements`);
    if (stack.length >= maxDepth)
      fail(`${parser.line}:${parser.column}: elements nested deeper than ${maxDepth}`);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes))
      attrs[localName(k)] = typeof v === 'string' ? v : v.value;
    const el: XmlElement = { name: localName(tag.name), attrs, children: [], text: '', line: startLine };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root ??= el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  try {
    parser.write(text).close();
  } catch (e) {
    return { error: failure ?? (e as Error).message };
  }
  if (failure) return { error: failure };
  if (!root) return { error: 'no root element' };
  return { root };
}

/** First child with this local name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the first child with this name, or undefined when absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const t = child(el, name)?.text.trim();
  return t ? t : undefined;
}
