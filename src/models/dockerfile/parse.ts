/**
 * The one Dockerfile parser: logical instructions (continuation lines joined, comments dropped,
 * heredoc bodies kept apart), build-argument substitution and instruction flags. Used by the
 * composition extractor (base images as components) and the Dockerfile model (probes).
 */

export interface Instruction {
  /** Upper-cased: FROM, RUN, USER ... */
  keyword: string;
  /** The arguments, continuation lines joined with a space. */
  args: string;
  /** 1-based position of the keyword. */
  line: number;
  column: number;
  /** Heredoc bodies (`RUN <<EOF ... EOF`), joined, with the line the first body starts on. */
  heredoc?: { text: string; line: number };
}

/** Parser directives (`# escape=\``) are only recognised before anything else in the file. */
function escapeChar(lines: string[]): string {
  for (const raw of lines) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(raw.trim());
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

/** Heredoc terminators opened on an instruction line: `<<EOF`, `<<-EOF`, `<<"EOF"`. */
function heredocs(text: string): { word: string; stripTabs: boolean }[] {
  const out: { word: string; stripTabs: boolean }[] = [];
  const re = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]{0,63})\2/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ word: m[3]!, stripTabs: m[1] === '-' });
  return out;
}

/** Splits the file into logical instructions: continuation lines joined, comments and heredoc bodies dropped. */
export function instructions(text: string): Instruction[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const escapeCharacter = escapeChar(lines);
  const out: Instruction[] = [];
  let current: { parts: string[]; line: number; column: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    // blank and comment lines, also inside a continuation (Docker drops them there too)
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const continues = trimmed.endsWith(escapeCharacter);
    const body = continues ? trimmed.slice(0, -1) : trimmed;
    if (current === undefined)
      current = { parts: [], line: i + 1, column: raw.length - raw.trimStart().length + 1 };
    current.parts.push(body);
    if (continues) continue;
    const joined = current.parts.join(' ').trim();
    const sp = joined.search(/\s/);
    const keyword = (sp < 0 ? joined : joined.slice(0, sp)).toUpperCase();
    const instruction: Instruction = {
      keyword,
      args: sp < 0 ? '' : joined.slice(sp + 1).trim(),
      line: current.line,
      column: current.column,
    };
    out.push(instruction);
    current = undefined;
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      const body: string[] = [];
      const bodyLine = i + 2;
      for (const doc of heredocs(joined)) {
        for (i++; i < lines.length; i++) {
          const l = doc.stripTabs ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
          if (l === doc.word) break;
          body.push(l);
        }
      }
      if (body.length > 0) instruction.heredoc = { text: body.join('\n'), line: bodyLine };
    }
  }
  return out;
}

/** Expands $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt}; undefined when a variable has no value. */
export function substitute(value: string, vars: Map<string, string>): string | undefined {
  let missing = false;
  const out = value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      _m,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = (braced ?? bare)!;
      const v = vars.get(name);
      if (op === '-') return v ? v : (word ?? '');
      if (op === '+') return v ? (word ?? '') : '';
      if (v === undefined) missing = true;
      return v ?? '';
    },
  );
  return missing ? undefined : out;
}

/** Splits leading `--flag=value` options from an instruction's arguments. */
export function flags(args: string): { flags: Map<string, string>; rest: string[] } {
  const words = args.split(/\s+/).filter((w) => w !== '');
  const map = new Map<string, string>();
  let i = 0;
  for (; i < words.length && words[i]!.startsWith('--'); i++) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    map.set((eq < 0 ? w.slice(2) : w.slice(2, eq)).toLowerCase(), eq < 0 ? '' : w.slice(eq + 1));
  }
  return { flags: map, rest: words.slice(i) };
}
