/**
 * MSBuild project files (.csproj, .fsproj, .vbproj): `<PackageReference Include="Id" Version="1.2.3" />`
 * with the version as attribute or child element, `$(Property)` references from the project's own
 * PropertyGroups, and central package management: versions from the nearest Directory.Packages.props
 * at or above the project's folder, as MSBuild finds it (`<PackageVersion Include=".." Version=".." />`),
 * overridable with VersionOverride. Directory.Build.props is found the same way.
 */
import { posix } from 'node:path';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { tooLarge } from '../../support/json-keys.js';
import { child, children, parseXml, type XmlElement } from '../../support/xml.js';

const csprojFormat = infoFor(import.meta.url);

const ID = csprojFormat.id;
const MAX_PROJECT_BYTES = 8 * 1024 * 1024;

/** Attribute or child element value, trimmed (MSBuild accepts both spellings for item metadata). */
function metadata(el: XmlElement, name: string): string | undefined {
  const attr = Object.entries(el.attrs).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const value = attr ?? el.children.find((c) => c.name.toLowerCase() === name.toLowerCase())?.text;
  const t = value?.trim();
  return t ? t : undefined;
}

/** Collects PropertyGroup values, later definitions winning as in MSBuild evaluation (conditions ignored). */
function collectProperties(root: XmlElement, into: Map<string, string>): void {
  for (const group of children(root, 'PropertyGroup')) {
    for (const p of group.children) into.set(p.name.toLowerCase(), p.text.trim());
  }
}

/** Expands $(Name) references, a bounded number of rounds so self-references cannot loop. */
function expand(value: string, props: Map<string, string>): string {
  let out = value;
  for (let round = 0; round < 8 && out.includes('$('); round++) {
    const next = out.replace(
      /\$\(([A-Za-z_][\w.-]*)\)/g,
      (m, name: string) => props.get(name.toLowerCase()) ?? m,
    );
    if (next === out || next.length > 4096) break;
    out = next;
  }
  return out;
}

/** NuGet versions: "1.2.3" and "[1.2.3]" name one version; ranges and floating versions do not. */
export function nugetExactVersion(spec: string): string | undefined {
  const s = spec.trim();
  const exact = /^\[\s*([^,\s[\]()]+)\s*\]$/.exec(s);
  if (exact) return exact[1];
  if (/^[0-9][0-9A-Za-z.+-]*$/.test(s) && !s.includes('*')) return s;
  return undefined;
}

async function readProps(
  dir: string,
  name: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<{ root?: XmlElement; path: string; error?: string }> {
  const path = readPropsPath(dir, name);
  let text: string | undefined;
  try {
    text = await readSibling(path);
  } catch {
    return { path };
  }
  if (text === undefined) return { path };
  if (text.length > MAX_PROJECT_BYTES) return { path, error: `${path}: too large, ignored` };
  const parsed = await parseXml(text);
  return parsed.root ? { root: parsed.root, path } : { path, error: `${path}: ${parsed.error}` };
}

/** The nearest `name` at or above `dir`, as MSBuild's GetDirectoryNameOfFileAbove finds it. */
async function nearestProps(
  dir: string,
  name: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<{ root?: XmlElement; path: string; error?: string }> {
  let d = dir;
  for (;;) {
    const found = await readProps(d, name, readSibling);
    if (found.root || found.error) return found;
    if (d === '.' || d === '' || d === '/') return { path: readPropsPath(dir, name) };
    d = posix.dirname(d);
  }
}

function readPropsPath(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : posix.join(dir, name);
}

export async function parseCsproj(
  path: string,
  text: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text, MAX_PROJECT_BYTES);
  if (big) return { ...result, error: big };
  const parsed = await parseXml(text);
  if (!parsed.root) return { ...result, error: `could not extract: ${parsed.error}` };
  const root = parsed.root;
  const notes: string[] = [];

  const dir = posix.dirname(path);
  const props = new Map<string, string>();
  const buildProps = await nearestProps(dir, 'Directory.Build.props', readSibling);
  const central = await nearestProps(dir, 'Directory.Packages.props', readSibling);
  for (const p of [buildProps, central]) {
    if (p.error) notes.push(p.error);
    if (p.root) collectProperties(p.root, props);
  }
  collectProperties(root, props);

  const centralVersions = new Map<string, { version: string; line: number }>();
  for (const group of children(central.root, 'ItemGroup')) {
    for (const pv of children(group, 'PackageVersion')) {
      const id = metadata(pv, 'Include') ?? metadata(pv, 'Update');
      const version = metadata(pv, 'Version');
      if (id && version)
        centralVersions.set(id.toLowerCase(), { version: expand(version, props), line: pv.line });
    }
  }

  const seen = new Set<string>();
  for (const group of children(root, 'ItemGroup')) {
    for (const ref of children(group, 'PackageReference')) {
      const id = metadata(ref, 'Include') ?? metadata(ref, 'Update');
      if (!id) continue;
      const name = expand(id, props);
      let declared = metadata(ref, 'VersionOverride') ?? metadata(ref, 'Version');
      let related: { path: string; line: number } | undefined;
      if (declared === undefined) {
        const cv = centralVersions.get(name.toLowerCase());
        if (cv) {
          declared = cv.version;
          related = { path: central.path, line: cv.line };
        }
      }
      const constraint = declared === undefined ? '' : expand(declared, props);
      const unresolved = constraint.includes('$(');
      const exact = unresolved ? undefined : nugetExactVersion(constraint);
      const version = exact ?? constraint;
      const key = `${name.toLowerCase()}@${version.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (declared === undefined)
        notes.push(`${name}: no version in the project or a Directory.Packages.props beside it`);
      else if (unresolved) notes.push(`${name}: version ${constraint} refers to an undefined property`);
      const component: Component = {
        ecosystem: 'nuget',
        name,
        version,
        pinned: exact !== undefined,
        purl: purlFor('nuget', name, exact),
        scope: 'prod',
        direct: true,
        source: 'registry',
        location: { path, line: ref.line },
      };
      if (constraint) component.constraint = constraint;
      if (related) component.related = [related];
      result.components.push(component);
    }
  }

  if (child(root, 'Import')) notes.push('<Import> of other MSBuild files is not followed');
  result.rootDependsOn = result.components.map((c) => c.purl);
  if (notes.length > 0) result.notes = notes;
  return result;
}

export const csprojExtractor: Extractor = {
  ...csprojFormat,
  async extract(input) {
    try {
      return await parseCsproj(input.path, input.text, input.readSibling);
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
