/** Where commands write. Tests swap these to capture output in-process. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** True when stdout is a terminal: colour and progress are only for people. */
  isTTY: boolean;
  /** The user asked for no colour through the environment (NO_COLOR, https://no-color.org). */
  noColor?: boolean;
}

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  // no-color.org: present and not empty.
  noColor: Boolean(process.env.NO_COLOR),
};

/** Colour on stdout: only on a terminal, and never under NO_COLOR or `--no-color` (flag false). */
export function colourWanted(io: CliIO, colorFlag: boolean | undefined): boolean {
  return io.isTTY && !io.noColor && colorFlag !== false;
}
