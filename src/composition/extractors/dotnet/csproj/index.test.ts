import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidPurl } from '../../../purl-check.js';
import { csprojExtractor, nugetExactVersion } from './index.js';

const TESTDATA = join(import.meta.dirname, 'testdata');

/** readSibling over testdata/, paths relative to it. */
async function readSibling(p: string): Promise<string | undefined> {
  const abs = join(TESTDATA, p);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
}

describe('dotnet/csproj', () => {
  it('reads central versions from the nearest Directory.Packages.props above the project, as MSBuild does', async () => {
    const files: Record<string, string> = {
      'Directory.Packages.props':
        '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />\n  </ItemGroup>\n</Project>\n',
      'src/Lib/Directory.Packages.props':
        '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />\n  </ItemGroup>\n</Project>\n',
    };
    const project =
      '<Project>\n  <ItemGroup>\n    <PackageReference Include="Newtonsoft.Json" />\n  </ItemGroup>\n</Project>\n';
    const read = async (p: string) => files[p];
    const deep = await csprojExtractor.extract({
      path: 'src/App/Deep/App.csproj',
      text: project,
      readSibling: read,
    });
    expect(deep.components.map((c) => [c.version, c.pinned, c.related])).toEqual([
      ['13.0.3', true, [{ path: 'Directory.Packages.props', line: 3 }]],
    ]);
    expect(deep.notes).toBeUndefined();
    const near = await csprojExtractor.extract({
      path: 'src/Lib/Lib.csproj',
      text: project,
      readSibling: read,
    });
    expect(near.components[0]?.version).toBe('12.0.1');
  });

  it('reads PackageReference versions from attributes, elements, properties and Directory.Packages.props', async () => {
    const path = 'central/App.csproj';
    const r = await csprojExtractor.extract({
      path,
      text: readFileSync(join(TESTDATA, path), 'utf8'),
      readSibling,
    });
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.pinned, c.constraint, c.location.line])).toEqual([
      ['Newtonsoft.Json', '13.0.3', true, '13.0.3', 7],
      ['Serilog', '3.1.1', true, '3.1.1', 8],
      ['xunit', '2.6.2', true, '[2.6.2]', 9],
      // VersionOverride beats the central version, and a floating version is not pinned
      ['Polly', '8.*', false, '8.*', 12],
      ['Unknown.Package', '', false, undefined, 13],
      ['Broken', '$(Missing)', false, '$(Missing)', 14],
      // a start tag spread over lines is located where it begins
      ['Dapper', '[2.0,3.0)', false, '[2.0,3.0)', 15],
    ]);
    expect(r.components[0]!.related).toEqual([{ path: 'central/Directory.Packages.props', line: 7 }]);
    expect(r.components[0]!.purl).toBe('pkg:nuget/Newtonsoft.Json@13.0.3');
    expect(r.components[3]!.purl).toBe('pkg:nuget/Polly');
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    expect(r.notes?.join('\n')).toMatch(/Unknown.Package: no version/);
    expect(r.notes?.join('\n')).toMatch(/Broken: version \$\(Missing\) refers to an undefined property/);
  });

  it('does not expand DTD entities (billion laughs) and reports an error', async () => {
    const path = 'billion-laughs.csproj';
    const r = await csprojExtractor.extract({
      path,
      text: readFileSync(join(TESTDATA, path), 'utf8'),
      readSibling,
    });
    expect(r.error).toMatch(/could not extract: .*undefined entity/);
    expect(r.components).toEqual([]);
  });

  it('errors as values for broken or deeply nested XML', async () => {
    const cases = [
      '<Project><ItemGroup></Project>',
      'not xml',
      '',
      `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`,
    ];
    for (const text of cases) {
      const r = await csprojExtractor.extract({ path: 'x.csproj', text, readSibling });
      expect(r.error, text.slice(0, 30)).toMatch(/could not extract/);
    }
  });

  it('exact versions', () => {
    expect(nugetExactVersion('1.2.3')).toBe('1.2.3');
    expect(nugetExactVersion('[1.2.3]')).toBe('1.2.3');
    expect(nugetExactVersion('1.0.0-beta.1+build')).toBe('1.0.0-beta.1+build');
    expect(nugetExactVersion('[1.0,2.0)')).toBeUndefined();
    expect(nugetExactVersion('1.*')).toBeUndefined();
    expect(nugetExactVersion('(,1.0]')).toBeUndefined();
  });

  it('matches MSBuild project files', () => {
    expect(csprojExtractor.matches('src/App/App.csproj')).toBe(true);
    expect(csprojExtractor.matches('Lib.fsproj')).toBe(true);
    expect(csprojExtractor.matches('Lib.vbproj')).toBe(true);
    expect(csprojExtractor.matches('App.csproj.user')).toBe(false);
    expect(csprojExtractor.matches('Directory.Packages.props')).toBe(false);
  });
});
