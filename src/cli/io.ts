/** Where commands write. Tests swap these to capture output in-process. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** True when stdout is a terminal: colour and progress are only for people. */
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
};
