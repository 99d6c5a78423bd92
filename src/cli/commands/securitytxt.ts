import { readFile, stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { checkSecurityTxt, renderCheckJson, renderCheckText } from '../../app/securitytxt-check.js';
import { parseDateTime } from '../../formats/securitytxt/date-time.js';
import { MAX_KEY_BYTES } from '../../formats/securitytxt/verify.js';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

/** `--now`: an RFC 3339 date-time, or a date (midnight UTC). Undefined when it is neither. */
export function parseNow(text: string): Date | undefined {
  const ms = parseDateTime(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return ms === undefined ? undefined : new Date(ms);
}

/**
 * `vouch securitytxt check FILE|URL`: exit 0 valid, 1 invalid, 2 usage or not checkable.
 * Giving a URL is the opt-in to the network: https only, public addresses only, bounded.
 */
export function registerSecurityTxtCommand(program: Command, io: CliIO): void {
  const securitytxt = program
    .command('securitytxt')
    .description('security.txt (RFC 9116): check a file or URL');
  securitytxt
    .command('check')
    .description(
      'validate a security.txt file, or fetch one over https (public addresses only) and validate it',
    )
    .argument('<target>', 'a file path, or an https URL to fetch')
    .option(
      '--now <date-time>',
      'judge Expires at this instant (RFC 3339, or YYYY-MM-DD); defaults to the clock',
    )
    .option('--key <file>', 'armoured OpenPGP public key: verify the cleartext signature with it (offline)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (target: string, opts: { now?: string; format: string; key?: string }) => {
      const now = opts.now === undefined ? new Date() : parseNow(opts.now);
      if (!now) {
        io.err(`vouch: --now ${oneLine(opts.now ?? '', 80)}: not an RFC 3339 date-time or YYYY-MM-DD date\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      let key: string | undefined;
      if (opts.key !== undefined) {
        try {
          if ((await stat(opts.key)).size > MAX_KEY_BYTES) throw new Error('larger than 64 KiB');
          key = await readFile(opts.key, 'utf8');
        } catch (e) {
          io.err(`vouch: --key ${oneLine(opts.key)}: ${oneLine((e as Error).message)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
      }
      const result = await checkSecurityTxt(target, { now, ...(key !== undefined ? { key } : {}) });
      if (opts.format === 'json') io.out(renderCheckJson(result));
      // Nothing was checked: the reason is an error message, not a report.
      else if (result.problem) io.err(`vouch: ${renderCheckText(result)}`);
      else io.out(renderCheckText(result));
      process.exitCode = result.exitCode;
    });
}
