/**
 * setup.cfg, setuptools' declarative configuration (INI): `install_requires`, `setup_requires`
 * and `tests_require` in [options], and each extra of [options.extras_require]. Values are
 * dangling lists (one requirement per continuation line) or `;`-separated on one line. A
 * `file:` directive names another file (a requirements file, read on its own): noted, not read.
 */
import type { Component, ExtractInput, ExtractionResult, Extractor, Scope } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { sizeError } from '../../support/text.js';
import { declaredRequirement } from '../support/declared.js';
import { parseRequirement } from '../support/pep508.js';

const setupCfgFormat = infoFor(import.meta.url);

const ID = setupCfgFormat.id;

const OPTIONS: Record<string, Scope> = {
  install_requires: 'prod',
  setup_requires: 'dev',
  tests_require: 'dev',
};

interface Entry {
  section: string;
  key: string;
  /** Each value line with its 1-based line number (the first may be empty). */
  values: { text: string; line: number }[];
}

/** The key/value entries of an INI text, continuation lines gathered, comments dropped. */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  let section = '';
  let current: Entry | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const line = i + 1;
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw) && current) {
      current.values.push({ text: raw.trim(), line });
      continue;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      current = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) {
      current = undefined;
      continue;
    }
    current = { section, key: kv[1]!.trim(), values: [{ text: kv[2]!.trim(), line }] };
    out.push(current);
  }
  return out;
}

function extract(input: ExtractInput): ExtractionResult {
  const base = { path: input.path, extractor: ID };
  const tooBig = sizeError(input.path, input.text);
  if (tooBig) return { ...base, components: [], error: tooBig };
  const components: Component[] = [];
  const notes: string[] = [];
  for (const e of entries(input.text)) {
    let scope: Scope | undefined;
    let groups: string[] | undefined;
    if (e.section === 'options') scope = OPTIONS[e.key.toLowerCase()];
    else if (e.section === 'options.extras_require') {
      scope = 'optional';
      groups = [e.key];
    }
    if (!scope) continue;
    for (const v of e.values) {
      // Inline comments follow whitespace; a requirement holds no " #".
      const value = v.text.replace(/\s+#.*$/, '').trim();
      if (!value) continue;
      if (/^file:/i.test(value)) {
        notes.push(`line ${v.line}: ${e.key} is read from ${value.slice(5).trim().slice(0, 120)}`);
        continue;
      }
      for (const part of value.split(';').length > 1 && !/;\s*\w+\s*[<>=!~]/.test(value)
        ? value.split(';')
        : [value]) {
        const req = part.trim();
        if (!req) continue;
        const parsed = parseRequirement(req);
        if (!parsed) {
          notes.push(`line ${v.line}: not a requirement: ${req.slice(0, 80)}`);
          continue;
        }
        components.push(declaredRequirement(parsed, scope, { path: input.path, line: v.line }, groups));
      }
    }
  }
  return {
    ...base,
    components,
    rootDependsOn: [...new Set(components.map((c) => c.purl))],
    ...(notes.length ? { notes } : {}),
  };
}

export const setupCfgExtractor: Extractor = { ...setupCfgFormat, extract };
