/** vouch's exit codes, documented in `vouch --help` and README. */
export const EXIT = {
  ok: 0,
  /** --fail-on threshold reached (assess), or an output failed its own schema (a bug). */
  failed: 1,
  /** Bad usage or unusable input: unknown id, missing path, invalid vouch.yaml where it is required. */
  usage: 2,
  /** vouch itself failed unexpectedly. */
  internal: 3,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  assess: a requirement reached the --fail-on level; sbom: our own output failed validation;
     verify: the signature is not valid
  2  usage or input error (unknown id, missing path, invalid file)
  3  internal error`;
