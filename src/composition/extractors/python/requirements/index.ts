/**
 * requirements.txt (pip's requirements file format). Lines are joined and stripped the way pip does
 * (continuations first, then comments). `-r` includes are followed through readSibling, relative to
 * the including file, once each (loops and diamonds are safe) and to a bounded depth; `-c`
 * constraints files pin unpinned requirements but add no packages. URL, path, VCS and editable
 * requirements are not packages with a registry version: they are listed in `notes`, not reported.
 */

import { posix } from 'node:path';
import { oneLine } from '../../../../util/text.js';
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  SourceLocation,
} from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { baseName, hashesFrom, readOptional, sizeError, splitLines } from '../../support/text.js';
import { declaredRequirement } from '../support/declared.js';
import { normaliseName, parseRequirement, versionFromSpecifier } from '../support/pep508.js';

const requirementsFormat = infoFor(import.meta.url);

const ID = requirementsFormat.id;
/** Include chains deeper than this are cut (pip has no limit; real projects use 1 or 2). */
const MAX_INCLUDE_DEPTH = 16;
/** At most this many files are read through -r / -c from one top-level file. */
const MAX_INCLUDED_FILES = 200;
/** Notes per extraction, so a hostile file cannot flood the report. */
const MAX_NOTES = 50;

/** Files named for development or test environments hold dev-only requirements. */
const DEV_FILE = /(?:^|[^a-z])(?:dev|develop|development|test|tests|testing|lint|linting|docs?)(?:[^a-z]|$)/i;

function scopeOfFile(path: string): 'prod' | 'dev' {
  return DEV_FILE.test(baseName(path).replace(/\.txt$/, '')) ? 'dev' : 'prod';
}

interface LogicalLine {
  line: number;
  text: string;
}

/** pip's join_lines: a line ending in "\" continues, unless it is a comment line. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const lines = splitLines(text);
  let buffer: string | undefined;
  let primary = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const isComment = /^\s*#/.test(line);
    if (!line.endsWith('\\') || isComment) {
      if (isComment) line = ` ${line}`;
      if (buffer !== undefined) {
        out.push({ line: primary, text: buffer + line });
        buffer = undefined;
      } else {
        out.push({ line: i + 1, text: line });
      }
    } else {
      if (buffer === undefined) {
        primary = i + 1;
        buffer = '';
      }
      // Python's str.strip("\\") on the right end; a manual loop (a regex here can backtrack badly).
      let end = line.length;
      while (end > 0 && line[end - 1] === '\\') end--;
      buffer += line.slice(0, end);
    }
  }
  if (buffer !== undefined) out.push({ line: primary, text: buffer });
  return out;
}

/** pip's comment rule: "#" at the start or after whitespace starts a comment. */
function stripComment(s: string): string {
  for (let i = s.indexOf('#'); i >= 0; i = s.indexOf('#', i + 1)) {
    if (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t') return s.slice(0, i).trimEnd();
  }
  return s;
}

/** pip's break_args_options: the first token starting with "-" begins the per-requirement options. */
function splitOptions(s: string): { args: string; options: string[] } {
  const tokens = s.split(/[ \t]+/);
  const i = tokens.findIndex((t) => t.startsWith('-'));
  if (i < 0) return { args: s.trim(), options: [] };
  return { args: tokens.slice(0, i).join(' ').trim(), options: tokens.slice(i) };
}

function hashValues(options: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (o.startsWith('--hash=')) {
      if (o.length > 7) values.push(o.slice(7));
    } else if (o === '--hash' && options[i + 1] && !options[i + 1]!.startsWith('-')) {
      values.push(options[++i]!);
    }
  }
  return values;
}

/** Splits "-r file", "-rfile", "--requirement=file", "--requirement file" into option and argument. */
function optionArgument(s: string, short: string, long: string): string | undefined {
  if (s.startsWith(`${long}=`)) return s.slice(long.length + 1).trim();
  if (s.startsWith(`${long} `) || s.startsWith(`${long}\t`)) return s.slice(long.length).trim();
  if (s.startsWith(short) && !s.startsWith(`${short}-`)) {
    const rest = s.slice(short.length).trim();
    return rest.startsWith('=') ? rest.slice(1).trim() : rest;
  }
  return undefined;
}

function looksLikeUrlOrPath(s: string): boolean {
  return /:\/\/|^[.~/\\]|[/\\]|\.(?:whl|zip|tar\.gz|tar\.bz2|tgz)(?:$|[#?])/i.test(s) || /^[a-z]+\+/i.test(s);
}

interface FileJob {
  path: string;
  depth: number;
  /** The -r line in the top-level file that led here (undefined for the top-level file itself). */
  via?: SourceLocation;
  /** -r lines in intermediate files. */
  chain: SourceLocation[];
}

interface Pin {
  version: string;
  location: SourceLocation;
}

class Extraction {
  readonly components: Component[] = [];
  readonly notes: string[] = [];
  private droppedNotes = 0;
  readonly constraints = new Map<string, Pin>();

  note(msg: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(oneLine(msg, 300));
    else this.droppedNotes++;
  }

  finishNotes(): void {
    if (this.droppedNotes > 0) this.notes.push(`${this.droppedNotes} more notes not shown`);
  }
}

interface FileResult {
  includes: { path: string; line: number }[];
  constraintFiles: { path: string; line: number }[];
}

/** Reads one requirements file; adds its components (or constraint pins) to `ex`. */
function readFile(job: FileJob, text: string, ex: Extraction, asConstraints: boolean): FileResult {
  const result: FileResult = { includes: [], constraintFiles: [] };
  const scope = scopeOfFile(job.path);
  const dir = posix.dirname(job.path);
  // pip-compile's "# via" annotations tell direct from transitive requirements.
  let viaTarget: Component | undefined;
  let viaEntries: string[] | undefined;
  const closeVia = () => {
    if (viaTarget && viaEntries) viaTarget.direct = viaEntries.some((e) => e.startsWith('-r ') || e === '-r');
    viaTarget = undefined;
    viaEntries = undefined;
  };

  for (const { line, text: raw } of logicalLines(text)) {
    const trimmedRaw = raw.trim();
    if (trimmedRaw.startsWith('#')) {
      const comment = trimmedRaw.replace(/^#+\s*/, '');
      if (viaTarget && viaEntries === undefined && /^via\b/.test(comment)) {
        viaEntries = [];
        const first = comment.slice(3).trim();
        if (first) viaEntries.push(first);
      } else if (viaEntries && comment) {
        viaEntries.push(comment);
      }
      continue;
    }
    closeVia();
    const content = stripComment(raw).trim();
    if (!content) continue;
    const here: SourceLocation = { path: job.path, line };

    if (content.startsWith('-')) {
      const req = optionArgument(content, '-r', '--requirement');
      const con = optionArgument(content, '-c', '--constraint');
      if (req !== undefined || con !== undefined) {
        const target = (req ?? con)!.split(/\s+/)[0] ?? '';
        if (!target) {
          ex.note(`${job.path}:${line}: ${req !== undefined ? '-r' : '-c'} without a file name`);
          continue;
        }
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
          ex.note(`${job.path}:${line}: remote requirements file ${target} not fetched`);
          continue;
        }
        const resolved = posix.normalize(posix.join(dir, target));
        if (resolved.startsWith('../') || resolved === '..' || posix.isAbsolute(resolved)) {
          ex.note(`${job.path}:${line}: ${target} is outside the repository; not read`);
          continue;
        }
        (req !== undefined ? result.includes : result.constraintFiles).push({ path: resolved, line });
        continue;
      }
      const editable = optionArgument(content, '-e', '--editable');
      if (editable !== undefined) {
        ex.note(`${job.path}:${line}: editable requirement ${editable} not reported (local or VCS source)`);
      }
      // Global options (--index-url, --only-binary, ...) change how pip installs, not what.
      continue;
    }

    if (/\$\{[A-Z0-9_]+\}/.test(content)) {
      ex.note(`${job.path}:${line}: requirement uses an environment variable; not reported`);
      continue;
    }

    const { args, options } = splitOptions(content);
    if (!args) continue;
    const parsed = parseRequirement(args);
    if (!parsed) {
      ex.note(
        looksLikeUrlOrPath(args)
          ? `${job.path}:${line}: URL or path requirement ${args} not reported (no registry version)`
          : `${job.path}:${line}: could not parse requirement ${args}`,
      );
      continue;
    }
    if (parsed.url !== undefined) {
      ex.note(`${job.path}:${line}: ${parsed.name} @ ${parsed.url} not reported (direct URL reference)`);
      continue;
    }
    const v = versionFromSpecifier(parsed.specifier);
    if (v.invalid) {
      ex.note(`${job.path}:${line}: could not read the version of ${parsed.name} (${parsed.specifier})`);
      continue;
    }
    if (asConstraints) {
      if (v.pinned) ex.constraints.set(normaliseName(parsed.name), { version: v.version, location: here });
      continue;
    }
    if (/\s/.test(v.version))
      ex.note(`${job.path}:${line}: unexpected text after the version of ${parsed.name}`);

    const hashes = hashesFrom(hashValues(options));
    const component: Component = {
      ...declaredRequirement(parsed, scope, job.via ?? here),
      ...(hashes.length ? { hashes } : {}),
      ...(job.via ? { related: [...job.chain, here] } : {}),
    };
    ex.components.push(component);
    viaTarget = component;
  }
  closeVia();
  return result;
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const tooBig = sizeError(input.path, input.text);
  if (tooBig) return { path: input.path, extractor: ID, components: [], error: tooBig };
  const ex = new Extraction();
  const seen = new Set<string>([posix.normalize(input.path)]);
  const queue: FileJob[] = [{ path: input.path, depth: 0, chain: [] }];
  const constraintQueue: FileJob[] = [];
  let filesRead = 0;

  const enqueue = (from: FileJob, targets: { path: string; line: number }[], into: FileJob[]) => {
    for (const t of targets) {
      if (seen.has(t.path)) continue;
      if (from.depth + 1 > MAX_INCLUDE_DEPTH) {
        ex.note(`${from.path}:${t.line}: include depth over ${MAX_INCLUDE_DEPTH}; ${t.path} not read`);
        continue;
      }
      seen.add(t.path);
      const at: SourceLocation = { path: from.path, line: t.line };
      into.push({
        path: t.path,
        depth: from.depth + 1,
        via: from.via ?? at,
        chain: from.via ? [...from.chain, at] : [],
      });
    }
  };

  // Breadth first, like pip: the top-level file, then what it includes, and so on.
  for (let job = queue.shift(); job; job = queue.shift()) {
    let text: string | undefined = input.text;
    if (job.depth > 0) {
      if (++filesRead > MAX_INCLUDED_FILES) {
        ex.note(`more than ${MAX_INCLUDED_FILES} included files; the rest were not read`);
        break;
      }
      text = await readOptional(input.readSibling, job.path);
      if (text === undefined) {
        ex.note(`${job.via?.path}:${job.via?.line}: included file ${job.path} not found`);
        continue;
      }
    }
    const r = readFile(job, text, ex, false);
    enqueue(job, r.includes, queue);
    enqueue(job, r.constraintFiles, constraintQueue);
  }
  for (let job = constraintQueue.shift(); job; job = constraintQueue.shift()) {
    if (++filesRead > MAX_INCLUDED_FILES) break;
    const text = await readOptional(input.readSibling, job.path);
    if (text === undefined) {
      ex.note(`constraints file ${job.path} not found`);
      continue;
    }
    const r = readFile(job, text, ex, true);
    // Constraints files may include further constraints files, with -c or -r.
    enqueue(job, [...r.includes, ...r.constraintFiles], constraintQueue);
  }
  applyConstraints(ex);
  ex.finishNotes();
  const rootDependsOn = [...new Set(ex.components.filter((c) => c.direct).map((c) => c.purl))];
  return {
    path: input.path,
    extractor: ID,
    components: ex.components,
    rootDependsOn,
    ...(ex.notes.length ? { notes: ex.notes } : {}),
  };
}

/** An exact pin from a constraints file fixes the version pip installs for an unpinned requirement. */
function applyConstraints(ex: Extraction): void {
  if (ex.constraints.size === 0) return;
  for (const c of ex.components) {
    if (c.pinned) continue;
    const pin = ex.constraints.get(normaliseName(c.name));
    if (!pin) continue;
    c.version = pin.version;
    c.pinned = true;
    c.purl = purlFor('pypi', c.name, pin.version);
    c.related = [...(c.related ?? []), pin.location];
  }
}

export const requirementsExtractor: Extractor = {
  ...requirementsFormat,
  extract,
};
