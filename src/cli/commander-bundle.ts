/**
 * Build step: commander as one cached script (see ../util/cached-script.ts). Loading commander
 * through `require` resolves the package and reads, wraps and compiles its seven files on every
 * vouch start (~15 ms); from the bundle and its code cache it takes about half that. The bundle
 * holds commander's files unchanged, each in a CommonJS wrapper, with a small `require` between
 * them; commander.ts falls back to the package itself when there is no bundle (running from
 * source) or when the installed commander is not the one bundled.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { runCachedScript, withSourceDigest, writeScriptCache } from '../util/cached-script.js';
import { type CommanderModule, commanderBundlePaths, packageStamp } from './commander.js';

/** The files of the installed commander package: index.js and lib/*.js, as "./index.js", "./lib/x.js". */
function commanderFiles(root: string): string[] {
  const lib = readdirSync(join(root, 'lib'))
    .filter((f) => f.endsWith('.js'))
    .sort();
  return ['./index.js', ...lib.map((f) => `./lib/${f}`)];
}

/** The bundle's source, for the commander installed beside this project, seen from `outDir`. */
export function commanderBundleSource(outDir: string): string {
  // The package's entry is its index.js, at the root ("./package.json" is not among its exports).
  const root = dirname(createRequire(import.meta.url).resolve('commander'));
  const packageJson = join(root, 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const stamp = packageStamp(statSync(packageJson));
  const fromOut = relative(outDir, packageJson).split(sep).join('/');
  const modules = commanderFiles(root).map(
    (id) =>
      `${JSON.stringify(id)}: function (exports, require, module, __filename, __dirname) {\n` +
      `${readFileSync(join(root, id), 'utf8')}\n}`,
  );
  const body = [
    `// commander ${version}, bundled by src/cli/commander-bundle.ts at build time; do not edit.`,
    `// package: ${fromOut} ${stamp}`,
    '(function (nodeRequire) {',
    '"use strict";',
    `const files = {\n${modules.join(',\n')}\n};`,
    'const loaded = {};',
    // Relative requests name another bundled file ("./x", "./x.js", "./lib/x.js"); the rest are
    // node's own modules.
    'function load(id) {',
    '  if (loaded[id]) return loaded[id].exports;',
    '  const module = { exports: {} };',
    '  loaded[id] = module;',
    '  const dir = id.slice(0, id.lastIndexOf("/") + 1);',
    '  const require = (request) => {',
    '    if (!request.startsWith("./")) return nodeRequire(request);',
    '    const target = dir + request.slice(2) + (request.endsWith(".js") ? "" : ".js");',
    '    if (!(target in files)) throw new Error("commander bundle: no " + target);',
    '    return load(target);',
    '  };',
    '  files[id].call(module.exports, module.exports, require, module, id, dir);',
    '  return module.exports;',
    '}',
    'return load("./index.js");',
    '})',
    '',
  ].join('\n');
  return withSourceDigest(body);
}

/**
 * A program like vouch's, built and run with the given commander: what it parsed and its help
 * text. The build warms the bundle's code cache on it; the tests compare bundle and package on it.
 */
export function sampleCommanderRun({ Command, Option }: CommanderModule): {
  help: string;
  opts: unknown;
  args: unknown;
} {
  const program = new Command().name('vouch').version('1.2.3').exitOverride();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  let seen: { opts: unknown; args: unknown } = { opts: undefined, args: undefined };
  const sbom = program
    .command('sbom')
    .description('write an SBOM')
    .argument('[path]', 'repository', '.')
    .addOption(
      new Option('-f, --format <format>', 'format').choices(['cyclonedx', 'spdx']).default('cyclonedx'),
    )
    .option('-o, --output <file>', 'output file')
    .action((path: string, opts: unknown) => {
      seen = { opts, args: path };
    });
  program.parse(['node', 'vouch', 'sbom', 'repo', '-f', 'spdx', '--output', 'x.json']);
  return { help: sbom.helpInformation(), ...seen };
}

/** Writes the bundle and its code cache into `outDir` (dist/cli by default). Returns both paths. */
export function writeCommanderBundle(outDir?: string): { bundle: string; cache: string } {
  const paths = commanderBundlePaths(outDir);
  writeFileSync(paths.bundle, commanderBundleSource(dirname(paths.bundle)));
  const compiled = runCachedScript(paths.bundle, null);
  sampleCommanderRun((compiled.value as (r: NodeJS.Require) => CommanderModule)(createRequire(paths.bundle)));
  writeScriptCache(compiled, paths.cache);
  return paths;
}
