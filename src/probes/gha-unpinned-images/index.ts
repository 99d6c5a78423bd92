/**
 * Container, service and Docker-action images must name a digest. No tag or `latest` is the main
 * rule; a tag without a digest is the `tag` sub-rule; an image chosen by an expression whose
 * value is not known is `unknown` (low confidence). Constant matrix values are expanded.
 */
import {
  embeddedExpressions,
  type Job,
  parseExpression,
  resultOperands,
  type Str,
} from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

/** What is wrong with a literal image reference, or undefined when it names a digest (or nothing). */
function problem(image: string): 'unpinned' | 'tag' | undefined {
  const ref = image.trim().replace(/^docker:\/\//, '');
  if (ref === '' || /@sha256:/.test(ref)) return undefined;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
  if (tag === undefined || tag === 'latest') return 'unpinned';
  return 'tag';
}

/**
 * The values an image may take: literals, constant matrix values, or `undefined` for unknown.
 * A matrix combination without the key runs with no image (an empty value), not an unknown one.
 */
function candidates(image: Str, job: Job | undefined): (string | undefined)[] {
  const text = image.value.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (!text.includes('${{')) return [text];
  if (!whole || embeddedExpressions(text).length !== 1) return [undefined];
  const parsed = parseExpression(whole[1]!);
  if (!('expr' in parsed)) return [undefined];
  const x = parsed.expr;
  if (x.type === 'property' && x.object.type === 'context' && x.object.name.toLowerCase() === 'matrix') {
    const combos = job?.strategy?.matrix?.combinations;
    if (!combos) return [undefined];
    return combos
      .map((c) => c[x.name])
      .map((v) => (v === undefined ? '' : typeof v === 'string' ? v : undefined));
  }
  // `cond && 'a' || ''` may yield 'a' or ''; a context in value position is unknown
  return resultOperands(x).map((o) => (o.type === 'literal' ? String(o.value ?? '') : undefined));
}

function check(
  image: Str | undefined,
  job: Job | undefined,
  owner: string,
  at?: { line: number; column: number },
): AuditHit[] {
  if (!image) return [];
  const out: AuditHit[] = [];
  const pos = { ...(at ?? { line: image.span.line, column: image.span.column }), route: image.route };
  // each distinct value once: two matrix rows with the same image are one finding
  const values = [...new Set(candidates(image, job))];
  for (const value of values) {
    const p = value === undefined ? 'unknown' : problem(value);
    if (!p) continue;
    out.push({
      message:
        p === 'unknown'
          ? `the image of ${owner} is chosen by an expression (${quote(image.value)}) and may not be pinned`
          : `the image of ${owner} ${quote(value!)} ${p === 'tag' ? 'names a tag, not a digest' : 'names no version'}`,
      at: pos,
      key: `${owner}|${value ?? image.value}`,
      ...(p === 'unpinned' ? {} : { sub: p }),
      // the tree cannot say which image runs: undecided, not a failure
      ...(p === 'unknown' ? { confidence: 'low' as const, outcome: 'unknown' as const } : {}),
    });
  }
  return out;
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  if (file.kind === 'action') {
    const image = file.runs?.image;
    if (file.runs?.type === 'docker' && image?.value.startsWith('docker://'))
      out.push(...check(image, undefined, 'the action'));
  } else {
    for (const job of file.jobs) {
      out.push(...check(job.container?.image, job, `job ${job.id.value}`));
      for (const s of job.services)
        out.push(...check(s.container.image, job, `service ${s.id.value} of job ${job.id.value}`));
    }
  }
  const steps =
    file.kind === 'action'
      ? (file.runs?.steps ?? []).map((step) => ({ step, job: undefined }))
      : file.jobs.flatMap((job) => job.steps.map((step) => ({ step, job })));
  for (const { step, job } of steps) {
    if (step.uses?.kind !== 'docker') continue;
    out.push(
      ...check(
        { ...step.uses.raw, value: step.uses.raw.value },
        job,
        `step ${step.index} of ${job ? `job ${job.id.value}` : 'the action'}`,
      ),
    );
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
