/**
 * The scanner's own behaviour: checksums, masking, allow comments, rule options, and bounded
 * work on hostile input (every shipped pattern against inputs crafted to make a backtracking
 * engine stall, run in a worker that is stopped if it does not finish).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseInlineIgnores } from '../util/inline-suppressions.js';
import { maskSecret, secretFingerprint, secretHash } from './mask.js';
import { patternHazard } from './rule-schema.js';
import { loadSecretsFile, secretRules } from './rules.js';
import { SecretScanner, shannonEntropy } from './scan.js';
import { base62Crc32 } from './validators.js';

function scan(text: string, options = {}) {
  const { rules, limits } = secretRules(options);
  return new SecretScanner(rules, limits).scanText(text);
}

describe('checksums', () => {
  const body = 'Zq8Lr2Vx5Nt7Bw1Kd4Hs6Jf9Gp3Cm0';
  it('a GitHub token whose checksum verifies is high confidence; one that does not is low', () => {
    const [good] = scan(`token: ghp_${body}${base62Crc32(body)}\n`);
    expect(good).toMatchObject({ rule: 'github-token', confidence: 'high', note: 'checksum verified' });
    const wrong = base62Crc32(body).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const [bad] = scan(`token: ghp_${body}${wrong}\n`);
    expect(bad).toMatchObject({ rule: 'github-token', confidence: 'low' });
    expect(bad?.note).toMatch(/does not verify/);
  });

  it('secretlint’s sample GitHub token carries a valid checksum (the encoding agrees with GitHub’s)', () => {
    const [m] = scan('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');
    expect(m?.note).toBe('checksum verified');
  });

  it('npm tokens are checked the same way', () => {
    const [good] = scan(`//registry/:x=npm_${body}${base62Crc32(body)}\n`);
    expect(good).toMatchObject({ rule: 'npm-token', confidence: 'high' });
    const [bad] = scan(`npm_${body}000000\n`);
    expect(bad).toMatchObject({ rule: 'npm-token', confidence: 'low' });
  });
});

describe('masking', () => {
  it('shows at most four leading characters and never more than a sixth of the secret', () => {
    expect(maskSecret('AKIAZ3MSJV4WWNKWW5FG')).toMatch(/^AKI…\[sha256:[0-9a-f]{12}\]$/);
    expect(maskSecret('pass')).toMatch(/^…\[sha256:/);
    expect(maskSecret('passw0rd!!12')).toMatch(/^pa…/);
    expect(maskSecret('\u001b[31mXXXXXXXXXXXXXXXX')).not.toContain('\u001b');
  });

  it('fingerprints depend on rule, path and secret, not on the position', () => {
    const h = secretHash('s3cr3t-value');
    expect(secretFingerprint('r', 'a.js', h)).toBe(secretFingerprint('r', 'a.js', h));
    expect(secretFingerprint('r', 'a.js', h)).not.toBe(secretFingerprint('r', 'b.js', h));
    const a = scan('k = "AKIAZ3MSJV4WWNKWW5FG"')[0]!;
    const b = scan('\n\n   k = "AKIAZ3MSJV4WWNKWW5FG"')[0]!;
    expect(a.hash).toBe(b.hash);
    expect(b.line).toBe(3);
  });

  it('no match carries the secret value', () => {
    for (const m of scan('a AKIAZ3MSJV4WWNKWW5FG b sk_live_Xy7Qp2Lm9Rt4Vn6Bc8Df1Gh3'))
      expect(JSON.stringify(m)).not.toMatch(/Z3MSJV4WWNKWW5FG|Xy7Qp2Lm9Rt4Vn6Bc8Df1Gh3/);
  });
});

describe('inline allow comments', () => {
  it('cover their own line, and the next when alone on theirs', () => {
    const text = [
      'a = 1 # vouch: ignore[github-token] rotated in 2024',
      '// vouch: ignore[aws-access-key-id, stripe-secret-key] test doubles',
      'b = 2',
      'c = 3',
    ].join('\n');
    const got = parseInlineIgnores(text);
    expect(got).toEqual([
      { from: 1, to: 1, rules: ['github-token'], reason: 'rotated in 2024', line: 1 },
      { from: 2, to: 3, rules: ['aws-access-key-id', 'stripe-secret-key'], reason: 'test doubles', line: 2 },
    ]);
  });

  it('read secretlint directives (blocks, next line, named rules)', () => {
    const text =
      '// secretlint-disable\nx\n// secretlint-enable\ny // secretlint-disable-line @secretlint/secretlint-rule-aws -- why';
    expect(parseInlineIgnores(text)).toEqual([
      { from: 1, to: 3, rules: [], reason: 'secretlint-disable', line: 1 },
      { from: 4, to: 4, rules: ['aws'], reason: 'why', line: 4 },
    ]);
  });
});

describe('rule options (vouch.yaml secrets)', () => {
  it('disable, enable and add rules; an unknown id is an error', () => {
    expect(scan('AKIAZ3MSJV4WWNKWW5FG', { disable: ['aws-access-key-id'] })).toEqual([]);
    expect(scan('AWS_ACCOUNT_ID=1234-5678-9012')).toEqual([]);
    expect(scan('AWS_ACCOUNT_ID=1234-5678-9012', { enable: ['aws-account-id'] })[0]?.rule).toBe(
      'aws-account-id',
    );
    const add = [
      {
        id: 'acme-key',
        title: 'ACME key',
        keywords: ['acme_'],
        pattern: 'acme_[a-z0-9]{16}',
        severity: 'high',
        confidence: 'high',
      },
    ] as const;
    expect(scan('x acme_0123456789abcdef y', { add })[0]?.rule).toBe('acme-key');
    expect(() => secretRules({ disable: ['no-such-rule'] })).toThrow(/unknown secret rule no-such-rule/);
  });

  it('an allowlist entry drops a documented example', () => {
    expect(scan('AKIAZ3MSJV4WWNKWW5FG', { allow: ['/^AKIAZ3MS/'] })).toEqual([]);
    expect(scan('AKIAIOSFODNN7EXAMPLE')).toEqual([]);
  });

  it('patterns that can backtrack without bound are refused', () => {
    expect(patternHazard('(a{1,5}){1,5}')).toMatch(/nested/);
    expect(patternHazard('a+b')).toMatch(/unbounded/);
    expect(patternHazard('a{2,}')).toMatch(/unbounded/);
    expect(patternHazard('[A-Za-z0-9+/]{40}')).toBeUndefined();
  });

  it('the generic rule is low confidence and off the gate', () => {
    const [m] = scan('client_secret = "q8Zr2Lx5Vt7Nw1Bd4Ks6Hf9Jp3Gm0Cq"');
    expect(m).toMatchObject({ rule: 'generic-high-entropy', confidence: 'low', gate: false });
    expect(shannonEntropy('aaaa')).toBe(0);
  });
});

/** Runs every pattern over every input in a worker; resolves with the match count or rejects on timeout. */
function runIsolated(
  patterns: { source: string; flags: string }[],
  inputs: string[],
  ms: number,
): Promise<number> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    let n = 0;
    for (const p of workerData.patterns) {
      const re = new RegExp(p.source, 'g' + p.flags);
      for (const input of workerData.inputs) { re.lastIndex = 0; n += (input.match(re) || []).length; }
    }
    parentPort.postMessage(n);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { patterns, inputs } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`patterns did not finish within ${ms} ms`));
    }, ms);
    worker.once('message', (n: number) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(n);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('bounded work on hostile input', () => {
  it('every shipped pattern finishes on inputs crafted against it', async () => {
    const file = loadSecretsFile();
    for (const rule of file.rules) {
      const inputs: string[] = [];
      for (const k of rule.keywords) {
        // A keyword repeated, followed by long runs of what its pattern accepts, and near misses.
        inputs.push(k.repeat(5000));
        for (const fill of ['a', 'A', '0', '-', '_', '@', ':', '.', '/'])
          inputs.push(`${k}${fill.repeat(50_000)}!`);
        inputs.push(`${k}${'aA0-'.repeat(20_000)}`);
        inputs.push(`${`${k}user:pa@`.repeat(2000)}`);
      }
      await expect(
        runIsolated([{ source: rule.pattern, flags: rule.flags ?? '' }], inputs, 20_000),
        rule.id,
      ).resolves.toBeTypeOf('number');
    }
  }, 600_000);

  it('a 15 MB single line full of keywords, and a million short lines, are scanned whole', () => {
    const { rules, limits } = secretRules();
    const scanner = new SecretScanner(rules, limits);
    const line = `${'ghp_ AKIA sk_live_ https://u:'.repeat(500_000)} AKIAZ3MSJV4WWNKWW5FG`;
    const found = scanner.scanText(line);
    expect(found.map((m) => m.rule)).toEqual(['aws-access-key-id']);
    const lines = `${'x = 1\n'.repeat(1_000_000)}k = "AKIAZ3MSJV4WWNKWW5FG"\n`;
    expect(scanner.scanText(lines)[0]).toMatchObject({ rule: 'aws-access-key-id', line: 1_000_001 });
  }, 120_000);
});

describe('bytes and text agree', () => {
  it('offsets and columns are UTF-16 code units whatever the bytes before the secret', () => {
    const { rules, limits } = secretRules();
    const scanner = new SecretScanner(rules, limits);
    const text = `ünïcødé 😀 line\n// 日本語 key = "AKIAZ3MSJV4WWNKWW5FG"\n`;
    const [fromText] = scanner.scanText(text);
    const [fromBytes] = scanner.scanBytes(Buffer.from(text, 'utf8'));
    expect(fromBytes).toEqual(fromText);
    expect(text.slice(fromText!.start, fromText!.end)).toBe('AKIAZ3MSJV4WWNKWW5FG');
    expect(fromText).toMatchObject({ line: 2, column: 15 });
  });

  it('offsets stay right for matches in many windows with multi-byte text between them', () => {
    const { rules, limits } = secretRules();
    const scanner = new SecretScanner(rules, limits);
    // Keys differ per window (a digit each); the text between mixes 2-, 3- and 4-byte characters.
    const keys = Array.from({ length: 6 }, (_, i) => `AKIAZ3MSJV4WWNKWW5F${i + 2}`);
    const text = keys.map((k, i) => `${'é€😀'.repeat(300 * (i + 1))}\nkey = "${k}"\n`).join('');
    const found = scanner.scanBytes(Buffer.from(text, 'utf8'));
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(keys);
    expect(found.map((m) => m.line)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(found).toEqual(scanner.scanText(text));
  });

  it('a long line of multi-byte characters is cut on character boundaries, the match still found', () => {
    const { rules, limits } = secretRules();
    const scanner = new SecretScanner(rules, limits);
    const text = `${'é'.repeat(5000)} AKIAZ3MSJV4WWNKWW5FG ${'€'.repeat(5000)}`;
    const [m] = scanner.scanBytes(Buffer.from(text, 'utf8'));
    expect(m).toMatchObject({ rule: 'aws-access-key-id', start: 5001, column: 5002 });
  });
});
