/**
 * Each FROM that names an image: pinned by digest or not. `FROM scratch` and `FROM <earlier
 * stage>` name no image; a FROM that depends on a build argument without a default is unknown.
 */
import type { Facts } from '../../collectors/types.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { dockerfilesFor } from '../modelled.js';
import { oneLine, plural, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const { files, findings: out } = dockerfilesFor(facts, definition);
  for (const file of files) {
    let pinned = 0;
    let problems = 0;
    for (const stage of file.stages) {
      const from = stage.from;
      const location = {
        path: file.path,
        line: from.line,
        column: from.column,
        route: `stages[${stage.index}].from`,
      };
      if (from.kind === 'image' && from.image?.digest) pinned++;
      else if (from.kind === 'image' || from.kind === 'invalid') {
        problems++;
        out.push(
          finding(definition, {
            outcome: 'fail',
            message: `${oneLine(file.path)}:${from.line}: FROM ${quote(from.ref ?? from.written)} is not pinned by digest${from.image?.tag ? ` (tag ${quote(from.image.tag, 40)} can move)` : ''}`,
            location,
            key: `${from.ref ?? from.written}`,
          }),
        );
      } else if (from.kind === 'unresolved' || from.kind === 'missing') {
        problems++;
        out.push(
          finding(definition, {
            outcome: 'unknown',
            message:
              from.kind === 'missing'
                ? `${oneLine(file.path)}:${from.line}: FROM names no image`
                : `${oneLine(file.path)}:${from.line}: FROM ${quote(from.written)} depends on a build argument without a default; the image is not known`,
            location,
            key: `unresolved\0${from.written}`,
          }),
        );
      }
    }
    if (problems === 0) {
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: `${oneLine(file.path)}: ${pinned === 0 ? 'no image is pulled (scratch or earlier stages only)' : `${plural(pinned, 'base image')} pinned by digest`}`,
          location: { path: file.path },
          key: 'pinned',
        }),
      );
    }
  }
  return out;
}

export const probe: Probe = { definition, run };
