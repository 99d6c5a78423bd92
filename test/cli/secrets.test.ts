/**
 * `vouch secrets` and `vouch assess` as users run them (built bin/vouch.js): secrets planted in a
 * repository are found, with rule and position, and no raw value appears in any output format,
 * in stderr, or in a written baseline. The planted values are assembled at run time, so this
 * file holds none of them.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../../src/formats/sarif/validate.js';
import { base62Crc32 } from '../../src/secrets/validators.js';
import { BIN, ensureBuilt } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const body30 = 'Zq8Lr2Vx5Nt7Bw1Kd4Hs6Jf9Gp3Cm0';
const SECRETS = {
  aws: ['AKIA', 'Z3MSJV4WWNKWW5FG'].join(''),
  github: `${'ghp'}_${body30}${base62Crc32(body30)}`,
  stripe: ['sk', 'live', 'Xy7Qp2Lm9Rt4Vn6Bc8Df1Gh3'].join('_'),
  dbPassword: ['Wq9', 'z!Lp4', 'Rt7x'].join(''),
  slack: ['https://hooks.slack.com/services', 'T0AB12CD3', 'B0EF45GH6', 'Xk29Lq84Mz71Pw36Rt52'].join('/'),
  pem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
/** The parts of the private key no output may show: its base64 body lines. */
const pemBody = SECRETS.pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));

function raws(): string[] {
  return [SECRETS.aws, SECRETS.github, SECRETS.stripe, SECRETS.dbPassword, SECRETS.slack, ...pemBody];
}

let repo: string;

function vouch(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectMasked(text: string, where: string) {
  for (const raw of raws()) {
    expect(text.includes(raw), `${where} shows a raw secret`).toBe(false);
    // Nor a long piece of it (a mask shows at most four leading characters).
    expect(text.includes(raw.slice(4, 14)), `${where} shows part of a secret`).toBe(false);
  }
}

beforeAll(() => {
  ensureBuilt();
  repo = makeRepo({
    'src/config.js': `export const aws = "${SECRETS.aws}";\nexport const token = '${SECRETS.github}';\n`,
    'src/pay.py': `STRIPE = "${SECRETS.stripe}"\n`,
    '.env.example': `DATABASE_URL=postgres://app:${SECRETS.dbPassword}@db.internal:5432/app\nSLACK=${SECRETS.slack}\n`,
    'deploy/key.pem': SECRETS.pem,
    'test/fixture.js': `const allowed = "${SECRETS.stripe}"; // vouch: ignore[stripe-secret-key] a test double\n`,
    'README.md': '# demo\n',
  });
}, 300_000);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('vouch secrets (built CLI)', () => {
  it('finds each planted secret, exits 1, and masks it in text, JSON and SARIF', async () => {
    const text = vouch(['secrets', '.']);
    expect(text.code).toBe(1);
    expectMasked(text.out + text.err, 'text output');
    expect(text.out).toMatch(/src\/config\.js:1:\d+ {2}secrets-committed\/aws-access-key-id/);

    const json = vouch(['secrets', '.', '--format', 'json']);
    expectMasked(json.out + json.err, 'JSON output');
    const report = JSON.parse(json.out) as {
      findings: {
        rule: string;
        location: { path: string; line: number };
        masked: string;
        ignored?: unknown;
      }[];
    };
    const got = report.findings.map((f) => `${f.rule} ${f.location.path}:${f.location.line}`).sort();
    expect(got).toEqual(
      [
        'secrets-committed/aws-access-key-id src/config.js:1',
        'secrets-committed/github-token src/config.js:2',
        'secrets-committed/stripe-secret-key src/pay.py:1',
        'secrets-committed/database-url-credentials .env.example:1',
        'secrets-committed/slack-webhook .env.example:2',
        'secrets-committed/private-key deploy/key.pem:1',
        'secrets-committed/stripe-secret-key test/fixture.js:1',
      ].sort(),
    );
    for (const f of report.findings) expect(f.masked).toMatch(/^.{0,4}…\[sha256:[0-9a-f]{12}\]$/);
    expect(report.findings.find((f) => f.location.path === 'test/fixture.js')?.ignored).toMatchObject({
      by: 'inline',
      reason: 'a test double',
    });

    const sarif = vouch(['secrets', '.', '--format', 'sarif']);
    expectMasked(sarif.out + sarif.err, 'SARIF output');
    expect(await sarifSchemaErrors(JSON.parse(sarif.out))).toEqual([]);
  });

  it('a written baseline accepts every current finding; the next run exits 0', () => {
    const file = join(repo, 'secrets-baseline.json');
    const write = vouch(['secrets', '.', '--write-baseline', file]);
    expect(write.code).toBe(0);
    expectMasked(readFileSync(file, 'utf8') + write.out + write.err, 'the baseline');
    const again = vouch(['secrets', '.', '--baseline', file]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 failing/);
    // A new secret is not in the baseline.
    writeFileSync(join(repo, 'src/new.js'), `const k = "${SECRETS.aws.slice(0, -1)}Q";\n`);
    const fresh = vouch(['secrets', '.', '--baseline', file]);
    expect(fresh.code).toBe(1);
    expect(fresh.out).toMatch(/src\/new\.js:1:\d+ {2}secrets-committed\/aws-access-key-id/);
    rmSync(join(repo, 'src/new.js'));
    rmSync(file);
  });
});

describe('vouch assess with committed secrets (built CLI)', () => {
  it('fails sscop:1.4.5 and sscop:2.1.4 and masks every secret in text, JSON, Markdown and SARIF', async () => {
    for (const format of ['text', 'json', 'markdown', 'sarif']) {
      const r = vouch(['assess', '.', '--format', format]);
      expectMasked(r.out + r.err, `assess --format ${format}`);
      if (format === 'sarif') expect(await sarifSchemaErrors(JSON.parse(r.out))).toEqual([]);
      if (format === 'json') {
        const report = JSON.parse(r.out) as {
          codes: { principles: { requirements: { id: string; verdict: string }[] }[] }[];
        };
        const verdict = (id: string) =>
          report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements)).find((q) => q.id === id)
            ?.verdict;
        expect(verdict('sscop:1.4.5')).toBe('not-met');
        expect(verdict('sscop:2.1.4')).toBe('not-met');
      }
    }
  });
});
