/**
 * Downloads a build runs unchecked: `ADD <url>` without `--checksum`, and RUN lines (heredoc
 * bodies included) that pipe curl or wget into a shell or interpreter (rules/container-build.yaml).
 * Every stage counts: a builder stage that runs a tampered script can tamper with what it builds.
 */
import type { Facts } from '../../collectors/types.js';
import { flags } from '../../models/dockerfile/parse.js';
import { dockerfileRules } from '../../models/dockerfile/rules.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { dockerfilesFor } from '../modelled.js';
import { oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

/** Longest RUN text a pattern is tried on (keeps regex cost bounded on hostile files). */
const MAX_RUN_CHARS = 64 * 1024;

function run(facts: Facts): Finding[] {
  const { files, findings: out } = dockerfilesFor(facts, definition);
  const { pipeToShell } = dockerfileRules();
  for (const file of files) {
    let found = 0;
    for (const stage of file.stages) {
      stage.instructions.forEach((ins, i) => {
        const route = `stages[${stage.index}].instructions[${i}]`;
        if (ins.keyword === 'ADD') {
          const { flags: f, rest } = flags(ins.args);
          const url = rest.slice(0, -1).find((w) => /^https?:\/\//i.test(w));
          if (url && !f.has('checksum')) {
            found++;
            out.push(
              finding(definition, {
                outcome: 'fail',
                sub: 'add-url',
                message: `${oneLine(file.path)}:${ins.line}: ADD fetches ${quote(url, 120)} without --checksum`,
                location: { path: file.path, line: ins.line, column: ins.column, route },
                key: url,
              }),
            );
          }
        }
        if (ins.keyword !== 'RUN') return;
        for (const [text, line] of [
          [ins.args, ins.line],
          [ins.heredoc?.text ?? '', ins.heredoc?.line ?? ins.line],
        ] as const) {
          const m = pipeToShell.exec(text.slice(0, MAX_RUN_CHARS));
          if (!m) continue;
          found++;
          // heredoc bodies keep their lines; continuation lines were joined, so RUN's line stands
          const at = text === ins.args ? line : line + text.slice(0, m.index).split('\n').length - 1;
          out.push(
            finding(definition, {
              outcome: 'fail',
              sub: 'pipe-to-shell',
              message: `${oneLine(file.path)}:${at}: RUN pipes a download into an interpreter: ${quote(m[0], 120)}`,
              location: { path: file.path, line: at, column: text === ins.args ? ins.column : 1, route },
              key: m[0],
            }),
          );
          break;
        }
      });
    }
    if (found === 0) {
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: `${oneLine(file.path)}: no ADD from a URL without --checksum and no download piped into an interpreter`,
          location: { path: file.path },
          key: 'clean',
        }),
      );
    }
  }
  return out;
}

export const probe: Probe = { definition, run };
