/**
 * A failure per file whose dependencies are read as ranges: a manifest no lockfile covers, or a
 * pinning format (pip requirements) with unpinned entries. GitHub Actions and container images
 * are left out: they are pinned by commit / digest, not by a lockfile, and are a CI concern. So
 * are the toolchain a file asks for (Go's `go` directive) and the project's own folders (workspace
 * members, local paths): the commit itself fixes those.
 */
import { compositionFact } from '../../collectors/composition/index.js';
import { packageManifestsFact } from '../../collectors/package-manifests/index.js';
import type { Facts } from '../../collectors/types.js';
import type { Component, Ecosystem } from '../../composition/component.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { productKindOf, publishedLibraryFinding } from '../product-kind.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const NOT_PACKAGES = new Set<Ecosystem>(['github-actions', 'docker']);

/** A package a lockfile or pin could fix: not the toolchain, not a folder of this repository. */
function isPinnable(c: Component): boolean {
  return !c.toolchain && c.source !== 'workspace' && c.source !== 'path';
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, compositionFact);
  if (!got.ok) return got.findings;
  const { results, coverage } = got.value;
  const kind = productKindOf(facts);
  // Read when present: without it a library's manifest is judged like an application's.
  const manifestAt = new Map((facts.get(packageManifestsFact)?.manifests ?? []).map((m) => [m.path, m]));
  const entryOf = new Map(coverage.map((c) => [`${c.path}\0${c.extractor ?? ''}`, c]));
  const out: Finding[] = [];
  let files = 0;
  let total = 0;
  const ciTooling: string[] = [];
  for (const r of results) {
    const entry = entryOf.get(`${r.path}\0${r.extractor}`);
    if (!entry || NOT_PACKAGES.has(entry.ecosystem as Ecosystem)) continue;
    // What CI installs for its own jobs is not what the product ships (package-manifests).
    if (manifestAt.get(r.path)?.ciTooling) {
      if (r.components.length > 0) ciTooling.push(r.path);
      continue;
    }
    const components = r.components.filter(isPinnable);
    if (components.length === 0) continue;
    files++;
    total += components.length;
    const loose = components.filter((c) => !c.pinned);
    if (loose.length === 0) continue;
    const shown = loose.map((c) =>
      (c.constraint ?? c.version) ? `${c.name} ${c.constraint ?? c.version}` : c.name,
    );
    const first = loose.reduce(
      (a, c) => ((c.location.line ?? 0) < (a.location.line ?? 0) ? c : a),
      loose[0]!,
    );
    const location = { path: r.path, ...(first.location.line ? { line: first.location.line } : {}) };
    const manifest = entry.kind === 'manifest' ? manifestAt.get(r.path) : undefined;
    const library = manifest && publishedLibraryFinding(definition, kind, manifest);
    if (library) {
      out.push(library);
    } else if (entry.kind === 'manifest') {
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'no-lockfile',
          message: `${oneLine(r.path)} has no lockfile, and ${plural(loose.length, 'dependency', 'dependencies')} of ${components.length} ${loose.length === 1 ? 'is a range' : 'are ranges'} (${list(shown, 4)})`,
          location,
          key: r.extractor,
        }),
      );
    } else {
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'unpinned',
          message: `${oneLine(r.path)} has ${plural(loose.length, 'entry', 'entries')} not pinned to one version (${list(shown, 4)})`,
          location,
          key: r.extractor,
        }),
      );
    }
  }
  if (files === 0) {
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message:
          ciTooling.length > 0
            ? `No product dependencies found: the only ones are tooling CI installs for itself (${list(ciTooling, 3)})`
            : 'No package dependencies found in lockfiles or manifests',
        key: 'no-dependencies',
      }),
    ];
  }
  if (out.length > 0) return out;
  return [
    finding(definition, {
      outcome: 'pass',
      message: `Every dependency is locked or pinned: ${plural(total, 'entry', 'entries')} in ${plural(files, 'file')}`,
      key: 'all-pinned',
    }),
  ];
}

export const probe: Probe = { definition, run };
