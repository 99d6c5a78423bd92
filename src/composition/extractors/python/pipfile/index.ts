/**
 * Pipfile (TOML) as a manifest: `[packages]` (run time) and `[dev-packages]`. Values are "*", a
 * specifier ("==1.0", ">=2"), or a table with version / git+ref / path / file / extras / markers.
 * `pipfileDeclaredNames` is shared with the Pipfile.lock extractor to tell direct dependencies.
 */
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  Scope,
  SourceKind,
} from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { findKeyOffset, LineIndex } from '../../support/text.js';
import { asString, asTable, parseTomlDocument, type TomlTable, tableHeaders } from '../../support/toml.js';
import { normaliseName } from '../support/pep508.js';

const pipfileFormat = infoFor(import.meta.url);

const ID = pipfileFormat.id;

const SECTIONS: [string, Scope][] = [
  ['packages', 'prod'],
  ['dev-packages', 'dev'],
];
/** Tables of a Pipfile that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'scripts', 'pipenv', 'packages', 'dev-packages']);

/** Normalised names declared in [packages] and [dev-packages]. */
export function pipfileDeclaredNames(doc: TomlTable): Set<string> {
  const names = new Set<string>();
  for (const [section] of SECTIONS)
    for (const n of Object.keys(asTable(doc[section]) ?? {})) names.add(normaliseName(n));
  return names;
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const doc = parsed.doc;
  const lines = new LineIndex(input.text);
  const headers = tableHeaders(input.text);
  const components: Component[] = [];
  const notes: string[] = [];
  for (const [section, scope] of SECTIONS) {
    const table = asTable(doc[section]);
    if (!table) continue;
    let cursor = headers.find((h) => h.name === section)?.offset ?? 0;
    for (const [name, value] of Object.entries(table)) {
      const spec = typeof value === 'string' ? value : (asString(asTable(value)?.['version']) ?? '');
      const t = asTable(value);
      let source: SourceKind = 'registry';
      let sourceRef: string | undefined;
      let commit: string | undefined;
      const git = asString(t?.['git']);
      const path = asString(t?.['path']) ?? asString(t?.['file']);
      if (git) {
        source = 'git';
        sourceRef = git;
        const ref = asString(t?.['ref']);
        if (ref && /^[0-9a-f]{40}$/.test(ref)) commit = ref;
      } else if (path) {
        source = /^[a-z]+:\/\//i.test(path) ? 'url' : 'path';
        sourceRef = path;
      }
      const specifier = spec === '*' ? '' : spec.trim();
      const exact = /^===?\s*[^\s,;*<>=!~]+$/.test(specifier);
      const version = exact ? specifier.replace(/^===?\s*/, '') : specifier;
      // Keys are bare or quoted at the start of a line; search onward from the previous entry.
      const at = findKeyOffset(input.text, name, cursor);
      if (at >= 0) cursor = at;
      const markers = asString(t?.['markers']);
      const constraint = [specifier, markers ? `; ${markers}` : ''].join('').trim();
      components.push({
        ecosystem: 'pypi',
        name,
        version,
        pinned: exact,
        purl: purlFor('pypi', name, exact ? version : undefined),
        scope,
        ...(scope === 'dev' ? { groups: ['dev'] } : {}),
        ...(constraint ? { constraint } : {}),
        direct: true,
        source,
        ...(sourceRef ? { sourceRef } : {}),
        ...(commit ? { commit } : {}),
        location: { path: input.path, line: lines.lineAt(at >= 0 ? at : cursor) },
      });
    }
  }
  for (const key of Object.keys(doc)) {
    if (!NOT_CATEGORIES.has(key) && asTable(doc[key])) notes.push(`package category [${key}] not read`);
  }
  return {
    path: input.path,
    extractor: ID,
    components,
    rootDependsOn: [...new Set(components.map((c) => c.purl))],
    ...(notes.length ? { notes } : {}),
  };
}

export const pipfileExtractor: Extractor = {
  ...pipfileFormat,
  extract,
};
