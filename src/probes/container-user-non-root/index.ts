/**
 * The user the image runs as: the final stage's USER, its own or inherited through `FROM <earlier
 * stage>`. Without one the base image decides, which is root for almost every image; known
 * non-root images (rules/container-build.yaml) pass with that said.
 */
import type { Facts } from '../../collectors/types.js';
import { dockerfileRules } from '../../models/dockerfile/rules.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { dockerfilesFor } from '../modelled.js';
import { oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const { files, findings: out } = dockerfilesFor(facts, definition);
  const rules = dockerfileRules();
  for (const file of files) {
    const final = file.stages[file.stages.length - 1];
    if (!final) {
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message: `${oneLine(file.path)} has no FROM, so it builds no image`,
          location: { path: file.path },
          key: 'no-stage',
        }),
      );
      continue;
    }
    // the image the final stage ultimately builds on, through earlier stages
    let base = final;
    for (let hops = 0; base.from.kind === 'stage' && hops < file.stages.length; hops++)
      base = file.stages[base.from.stage!]!;
    const route = `stages[${final.index}]`;
    const user = final.user;
    if (!user) {
      const image = base.from.ref ?? base.from.written;
      const nonRoot = base.from.kind === 'image' && rules.nonRootImages.some((re) => re.test(image));
      out.push(
        finding(definition, {
          outcome: nonRoot ? 'pass' : 'fail',
          message: nonRoot
            ? `${oneLine(file.path)}: the final stage sets no USER; its base image ${quote(image)} runs as a non-root user`
            : `${oneLine(file.path)}: the final stage sets no USER, so the image runs as its base image's user (root for ${quote(image)} unless that image says otherwise)`,
          location: {
            path: file.path,
            line: final.from.line,
            column: final.from.column,
            route: `${route}.from`,
          },
          key: 'no-user',
          ...(nonRoot ? {} : { confidence: 'medium' as const }),
        }),
      );
      continue;
    }
    const name = user.value.split(':')[0]!.trim();
    const inherited = user.fromStage !== undefined ? ` (inherited from stage ${user.fromStage})` : '';
    const location = { path: file.path, line: user.line, column: user.column, route: `${route}.user` };
    if (/\$/.test(name)) {
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message: `${oneLine(file.path)}:${user.line}: the final USER ${quote(user.value)} is a variable${inherited}; who it is depends on the build`,
          location,
          key: 'variable-user',
        }),
      );
      continue;
    }
    const root = rules.rootUsers.has(name.toLowerCase());
    out.push(
      finding(definition, {
        outcome: root ? 'fail' : 'pass',
        message: `${oneLine(file.path)}:${user.line}: the final stage runs as ${quote(user.value)}${inherited}${root ? ', which is root' : ''}`,
        location,
        key: root ? 'root-user' : 'non-root-user',
        ...(root ? { confidence: 'high' as const } : {}),
      }),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
