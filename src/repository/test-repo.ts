/**
 * For tests: a real git repository built in a temporary folder, with commits signed by SSH keys
 * made here (node:crypto, the sshsig format git writes), merges, and tags.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_'))),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_DATE: '1700000000 +0000',
};

function sshString(b: Buffer | string): Buffer {
  const body = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

export interface SshKey {
  privateKey: KeyObject;
  blob: Buffer;
  /** The allowed-signers line for `principal`. */
  allowedLine(principal: string): string;
}

export function sshKey(): SshKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(x)]);
  return {
    privateKey,
    blob,
    allowedLine: (p) => `${p} namespaces="git" ssh-ed25519 ${blob.toString('base64')}`,
  };
}

/** An armored SSH signature over `payload` in namespace `git`. */
export function sshSign(key: SshKey, payload: Buffer): string {
  const signed = Buffer.concat([
    Buffer.from('SSHSIG'),
    sshString('git'),
    sshString(''),
    sshString('sha512'),
    sshString(createHash('sha512').update(payload).digest()),
  ]);
  const sig = Buffer.concat([sshString('ssh-ed25519'), sshString(sign(null, signed, key.privateKey))]);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([
    Buffer.from('SSHSIG'),
    version,
    sshString(key.blob),
    sshString('git'),
    sshString(''),
    sshString('sha512'),
    sshString(sig),
  ]).toString('base64');
  const lines = blob.match(/.{1,70}/g)!;
  return ['-----BEGIN SSH SIGNATURE-----', ...lines, '-----END SSH SIGNATURE-----'].join('\n');
}

export class TestRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'vouch-history-'));
  private n = 0;

  constructor() {
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: ENV, encoding: 'utf8' }).trim();
  }

  /** A plain commit changing one file. */
  commit(message = `change ${++this.n}`): string {
    writeFileSync(join(this.dir, 'file.txt'), `${message}\n${this.n}\n`);
    this.git('add', 'file.txt');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** A commit on HEAD signed by `key` (or with `tamper` applied to the message after signing). */
  signedCommit(key: SshKey, message: string, tamper?: (m: string) => string): string {
    writeFileSync(join(this.dir, 'file.txt'), `${message}\n${++this.n}\n`);
    this.git('add', 'file.txt');
    const tree = this.git('write-tree');
    const parent = this.git('rev-parse', 'HEAD');
    const header = `tree ${tree}\nparent ${parent}\nauthor Ada <ada@example.com> 1700000000 +0000\ncommitter Ada <ada@example.com> 1700000000 +0000\n`;
    const body = `\n${message}\n`;
    const sig = sshSign(key, Buffer.from(header + body));
    const object = `${header}gpgsig ${sig.split('\n').join('\n ')}\n${tamper ? tamper(body) : body}`;
    const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: this.dir,
      env: ENV,
      input: object,
      encoding: 'utf8',
    }).trim();
    this.git('update-ref', 'HEAD', sha);
    this.git('reset', '-q', '--hard', sha);
    return sha;
  }

  /** A merge of a side branch with `message`. */
  merge(message: string): string {
    const base = this.git('rev-parse', 'HEAD');
    this.git('checkout', '-q', '-b', `side${++this.n}`);
    writeFileSync(join(this.dir, `side${this.n}.txt`), 'x\n');
    this.git('add', '.');
    this.git('commit', '-q', '-m', 'side work');
    this.git('checkout', '-q', 'main');
    this.git('reset', '-q', '--hard', base);
    this.git('merge', '-q', '--no-ff', '-m', message, `side${this.n}`);
    return this.git('rev-parse', 'HEAD');
  }
}

/** Call at the top of a test file: makes repositories (with one commit) removed after the file's tests. */
export function useTestRepos(): () => TestRepo {
  const repos: TestRepo[] = [];
  afterAll(() => {
    for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
  });
  return () => {
    const r = new TestRepo();
    repos.push(r);
    r.commit();
    return r;
  };
}
