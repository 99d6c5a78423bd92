import type { Command } from 'commander';
import { keygen, signFile, verifyFile } from '../../app/signatures.js';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

function problem(io: CliIO, message: string): void {
  io.err(`vouch: ${oneLine(message, 500)}\n`);
  process.exitCode = EXIT.usage;
}

export function registerKeygenCommand(program: Command, io: CliIO): void {
  program
    .command('keygen')
    .description('make an Ed25519 key pair for signing statements and SBOMs (offline)')
    .requiredOption(
      '-o, --output <dir>',
      'folder to write vouch-signing.key (mode 600) and vouch-signing.pub into',
    )
    .option('--force', 'replace a key pair that is already there')
    .action((opts: { output: string; force?: boolean }) => {
      const r = keygen(opts.output, { force: opts.force });
      if (!r.ok) return problem(io, r.problem);
      io.out(
        `private key: ${oneLine(r.privateKey)} (keep it secret)\npublic key:  ${oneLine(r.publicKey)}\nkey id:      ${r.keyId}\n`,
      );
    });
}

export function registerSignCommand(program: Command, io: CliIO): void {
  program
    .command('sign')
    .description('sign a file: a detached FILE.sig, and a JSF signature inside CycloneDX JSON')
    .argument('<file>', 'file to sign')
    .requiredOption('-k, --key <private-key>', 'Ed25519 private key (PEM), from vouch keygen')
    .action((file: string, opts: { key: string }) => {
      const r = signFile(file, opts.key);
      if (!r.ok) return problem(io, r.problem);
      io.out(
        `signed ${oneLine(file)} with ${r.keyId}: ${oneLine(r.signatureFile)}${r.embedded ? ' (and a JSF signature inside the CycloneDX document)' : ''}\n`,
      );
    });
}

export function registerVerifyCommand(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description('verify a signed file offline: exit 0 when valid, 1 when not (with the reason)')
    .argument('<file>', 'the signed file')
    .requiredOption('-k, --key <public-key>', 'the signer’s Ed25519 public key (PEM)')
    .option('-s, --signature <file>', 'the detached signature (default: FILE.sig)')
    .action((file: string, opts: { key: string; signature?: string }) => {
      const r = verifyFile(file, opts.key, opts.signature);
      if (!r.ok) return problem(io, r.problem);
      for (const c of r.result.checks) io.out(`${c.valid ? 'valid  ' : 'INVALID'} ${c.kind}: ${c.reason}\n`);
      process.exitCode = r.result.valid ? EXIT.ok : EXIT.failed;
    });
}
