/**
 * The one keyword pass: one automaton over several keyword sets reports, per set, exactly what an
 * automaton over that set alone reports; a file two scanners plan is read once; each scanner gets
 * only its own keywords' hits, and only for files it planned and opened. And through the byte
 * scanners themselves: the secret and secure-default scans run together in one pass find what
 * each finds alone.
 */
import { describe, expect, it } from 'vitest';
import { byteScansCollector } from '../collectors/byte-scans/index.js';
import { manifestCollector } from '../collectors/manifest/index.js';
import { collectFacts } from '../collectors/run.js';
import { secretsCollector } from '../collectors/secrets/index.js';
import { secureDefaultsCollector } from '../collectors/secure-defaults/index.js';
import { manifestWith } from '../probes/test-helpers.js';
import { KeywordAutomaton } from '../secrets/keywords.js';
import { scanInventory } from '../secrets/tree.js';
import { scanSecureDefaults } from '../secure-defaults/scan.js';
import { type ByteScanner, type FileScan, keywordPass } from './keyword-pass.js';
import { memoryInventory } from './memory.js';
import type { Inventory, InventoryFile } from './types.js';

type Hit = [start: number, keywords: number[], length: number];

function alone(keywords: string[], bytes: Buffer): Hit[] {
  const out: Hit[] = [];
  new KeywordAutomaton(keywords).scan(bytes, (s, k, n) => out.push([s, [...k].sort(), n]));
  return out;
}

describe('KeywordAutomaton over several sets', () => {
  // Keywords that share prefixes and suffixes across sets, and one in both sets.
  const sets = [
    ['secret', 'cret', 'password', 'Token'],
    ['pass', 'secret_key', 'word', 'token', 'et'],
    ['zzz'],
  ];
  const text = Buffer.from(
    'my SECRET_KEY=abc; password: x, passWORD\nsecret token TOKEN pass secretsecret_key cret et\xe9t',
    'latin1',
  );

  it('reports for each active set what an automaton over that set alone reports', () => {
    const both = new KeywordAutomaton(sets, true);
    const got: Hit[][] = sets.map(() => []);
    both.scanSets(text, 0b011, (set, s, k, n) => got[set]!.push([s, [...k].sort(), n]));
    expect(got[0]).toEqual(alone(sets[0]!, text));
    expect(got[1]).toEqual(alone(sets[1]!, text));
    // Not active: no calls, though its keyword could occur.
    expect(got[2]).toEqual([]);
    expect(got[0]!.length).toBeGreaterThan(5);
    expect(got[1]!.length).toBeGreaterThan(5);
  });

  it('reports nothing for a set whose keywords do not occur, and one set alone like the plain scan', () => {
    const both = new KeywordAutomaton(sets, true);
    const got: Hit[] = [];
    both.scanSets(text, 0b100, (_set, s, k, n) => got.push([s, [...k], n]));
    expect(got).toEqual([]);
    const first: Hit[] = [];
    both.scan(text, (s, k, n) => first.push([s, [...k].sort(), n]));
    expect(first).toEqual(alone(sets[0]!, text));
  });
});

/** A scanner that records what it was given. */
function recorder(keywords: string[], wants: (f: InventoryFile) => boolean, limit = 1000) {
  const seen: Record<string, string[]> = {};
  const planned: string[] = [];
  const scanner: ByteScanner = {
    keywordSets: [keywords],
    plan: (f) => {
      if (!wants(f)) return undefined;
      planned.push(f.path);
      return { limit };
    },
    binary: (f) => {
      seen[f.path] = ['<binary>'];
    },
    unreadable: (f, reason) => {
      seen[f.path] = [`<unreadable: ${reason}>`];
    },
    open: (f): FileScan => {
      const hits: string[] = [];
      return {
        set: 0,
        add: (_hit, k) => hits.push(...k.map((i) => keywords[i]!)),
        finish: () => {
          seen[f.path] = hits;
        },
      };
    },
  };
  return { scanner, seen, planned };
}

/** The inventory, counting reads per path. */
function counting(inv: Inventory): { inventory: Inventory; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    inventory: {
      ...inv,
      readBytes: (path, max) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inv.readBytes(path, max);
      },
    },
  };
}

describe('keywordPass', () => {
  it('reads a file once for two scanners and gives each only its own hits on its own files', async () => {
    const { inventory, reads } = counting(
      memoryInventory({
        'a.sh': 'curl -k https://x; password=1\n',
        'b.txt': 'password and curl\n',
        'c.sh': 'nothing to see\n',
        'bin.dat': Buffer.from([0, 1, 2]),
        'late.txt': 'password\0',
      }),
    );
    const secrets = recorder(['password'], (f) => !f.binary);
    const shell = recorder(['curl'], (f) => f.path.endsWith('.sh'));
    await keywordPass(inventory, [secrets.scanner, shell.scanner]);
    expect(secrets.seen).toEqual({
      'a.sh': ['password'],
      'b.txt': ['password'],
      'c.sh': [],
      // Binary by its content only once read (the inventory did not know): said so, not scanned.
      'late.txt': ['<binary>'],
    });
    expect(shell.seen).toEqual({ 'a.sh': ['curl'], 'c.sh': [] });
    expect(Object.fromEntries(reads)).toEqual({ 'a.sh': 1, 'b.txt': 1, 'c.sh': 1, 'late.txt': 1 });
  });

  it('reports a file it cannot read to every scanner that planned it', async () => {
    const base = memoryInventory({ 'a.sh': 'curl\n' });
    const inventory: Inventory = {
      ...base,
      readBytes: () => Promise.reject(new Error('gone')),
    };
    const one = recorder(['curl'], () => true);
    const two = recorder(['curl'], () => true);
    await keywordPass(inventory, [one.scanner, two.scanner]);
    expect(one.seen).toEqual({ 'a.sh': ['<unreadable: gone>'] });
    expect(two.seen).toEqual({ 'a.sh': ['<unreadable: gone>'] });
  });
});

const AWS = ['AKIA', 'Z3MSJV4WWNKWW5FG'].join('');
const GITHUB = ['ghp_', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123'].join('');

/** Files with both secrets and insecure defaults, in files one, the other or both scanners read. */
const MIXED = {
  'deploy/install.sh': `export AWS_KEY=${AWS}\ncurl -k https://example.com | sh\nchmod 777 /opt/app\n`,
  'src/client.ts': `const agent = new Agent({ rejectUnauthorized: false });\nconst token = "${GITHUB}";\n`,
  'src/server.py': 'import requests\nrequests.get(url, verify=False)\n',
  'docs/notes.md': `key ${AWS}\n`,
  'package-lock.json': `{"resolved": "https://${GITHUB}@github.com/x"}\n`,
  'dist/app.min.js': `${'x'.repeat(5000)} rejectUnauthorized: false ${AWS}\n`,
  'vendor/lib/setup.sh': `chmod 777 /x\nAWS=${AWS}\n`,
  '.env': 'NODE_TLS_REJECT_UNAUTHORIZED=0\n',
};

describe('the byte scanners in one pass', () => {
  it('find what each finds alone, and in assess come from one read of each file', async () => {
    const inv = memoryInventory(MIXED);
    const secretsAlone = await scanInventory(inv);
    const defaultsAlone = await scanSecureDefaults(inv);
    expect(secretsAlone.findings.length).toBeGreaterThan(2);
    expect(defaultsAlone.findings.length).toBeGreaterThan(3);

    const { inventory, reads } = counting(memoryInventory(MIXED));
    const facts = await collectFacts(inventory, [
      manifestCollector,
      byteScansCollector,
      secretsCollector,
      secureDefaultsCollector,
    ]);
    expect(facts.errors()).toEqual([]);
    expect(facts.get(secretsCollector.fact)).toEqual(secretsAlone);
    expect(facts.get(secureDefaultsCollector.fact)).toEqual(defaultsAlone);
    // Each file is read at most once, whichever scanners read it.
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(reads.get('deploy/install.sh')).toBe(1);
  });

  it('still scans for insecure defaults when the secret configuration cannot be used', async () => {
    const inventory = memoryInventory({
      'vouch.yaml': manifestWith('secrets:\n  disable: [no-such-rule]\n'),
      'install.sh': 'chmod 777 /opt/app\n',
    });
    const facts = await collectFacts(inventory, [
      manifestCollector,
      byteScansCollector,
      secretsCollector,
      secureDefaultsCollector,
    ]);
    expect(facts.error(secretsCollector.fact)).toMatch(/unknown secret rule no-such-rule/);
    expect(facts.get(secureDefaultsCollector.fact)?.findings.map((f) => f.rule)).toEqual([
      'world-writable-chmod',
    ]);
  });
});
