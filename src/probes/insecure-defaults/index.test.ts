import { describe, expect, it } from 'vitest';
import { runProbe } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { probe } from './index.js';

const fails = (findings: Finding[]) =>
  findings
    .filter((f) => f.outcome === 'fail')
    .map((f) => `${f.rule}@${f.location?.path}:${f.location?.line}`);

/** Each rule: files it must fail on, and near-misses it must not. */
const CASES: { rule: string; positive: Record<string, string>; negative: Record<string, string> }[] = [
  {
    rule: 'tls-node-env-disabled',
    positive: {
      'src/boot.js': "const x = 1;\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n",
      Dockerfile: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED 0\n',
      '.env': 'NODE_TLS_REJECT_UNAUTHORIZED=0\n',
    },
    negative: {
      'src/boot.js': "if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') warn();\n",
      '.env': 'NODE_TLS_REJECT_UNAUTHORIZED=1\n',
    },
  },
  {
    rule: 'tls-python-verify-false',
    positive: { 'app/client.py': 'import requests\n\nr = requests.get(url, verify=False)\n' },
    negative: {
      'app/client.py': 'import requests\n\nr = requests.get(url, verify=True)\n',
      'app/other.py': 'def check(verify=False):\n    pass\n',
    },
  },
  {
    rule: 'tls-go-insecure-skip-verify',
    positive: { 'pkg/net/client.go': 'cfg := &tls.Config{\n\tInsecureSkipVerify: true,\n}\n' },
    negative: { 'pkg/net/client.go': 'cfg := &tls.Config{InsecureSkipVerify: opts.Insecure}\n' },
  },
  {
    rule: 'tls-js-reject-unauthorized',
    positive: { 'src/http.ts': 'const agent = new https.Agent({ rejectUnauthorized: false });\n' },
    negative: { 'src/http.ts': 'const agent = new https.Agent({ rejectUnauthorized: options.strict });\n' },
  },
  {
    rule: 'tls-curl-insecure',
    positive: {
      'install.sh': '#!/bin/sh\ncurl -fsSLk https://get.example.com/x | sh\n',
      'scripts/fetch.sh': 'curl --insecure -o out https://example.com\n',
    },
    negative: { 'install.sh': '#!/bin/sh\ncurl -fsSL https://get.example.com/x | tar -xk\n' },
  },
  {
    rule: 'tls-wget-no-check',
    positive: { 'install.sh': 'wget -q --no-check-certificate https://example.com/a.tgz\n' },
    negative: { 'install.sh': 'wget -q https://example.com/a.tgz # never --no-check-certificate\n' },
  },
  {
    rule: 'debug-django-settings',
    positive: { 'mysite/settings.py': 'SECRET_KEY = os.environ["K"]\nDEBUG = True\n' },
    negative: {
      'mysite/settings.py': 'DEBUG = os.environ.get("DEBUG") == "1"\n',
    },
  },
  {
    rule: 'debug-flask-run',
    positive: {
      'app.py':
        'from flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)\n',
    },
    negative: {
      'app.py':
        'from flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get("FLASK_DEBUG") == "1")\n',
    },
  },
  {
    rule: 'cors-js-wildcard-credentials',
    positive: { 'src/server.js': "app.use(cors({\n  origin: '*',\n  credentials: true,\n}));\n" },
    negative: {
      'src/server.js': "app.use(cors({\n  origin: ['https://app.example.com'],\n  credentials: true,\n}));\n",
    },
  },
  {
    rule: 'cors-header-wildcard-credentials',
    positive: {
      'src/cors.go':
        'w.Header().Set("Access-Control-Allow-Origin", "*")\nw.Header().Set("Access-Control-Allow-Credentials", "true")\n',
    },
    negative: { 'src/cors.go': 'w.Header().Set("Access-Control-Allow-Origin", "*")\n' },
  },
  {
    rule: 'cors-django-allow-all-credentials',
    positive: { 'mysite/settings.py': 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n' },
    negative: { 'mysite/settings.py': 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = False\n' },
  },
  {
    rule: 'world-writable-chmod',
    positive: {
      'install.sh': 'chmod -R 777 /opt/app\n',
      'scripts/postinstall.sh': 'chmod a+rwx /var/lib/app\n',
      Dockerfile: 'FROM alpine\nRUN chmod 0666 /etc/app.conf\n',
    },
    negative: { 'install.sh': 'chmod 755 /opt/app\nchmod 1777 /tmp/app-shared\nchmod u+w /opt/app\n' },
  },
  {
    rule: 'world-writable-api',
    positive: { 'setup_tools/install.py': 'import os\nos.chmod(path, 0o777)\n' },
    negative: { 'setup_tools/install.py': 'import os\nos.chmod(path, 0o755)\n' },
  },
];

describe('insecure-defaults', () => {
  for (const c of CASES) {
    it(`${c.rule}: fails on each positive fixture with its location`, async () => {
      const findings = await runProbe(probe, c.positive);
      const expected = Object.keys(c.positive).sort();
      const failing = findings.filter((f) => f.outcome === 'fail');
      expect(failing.map((f) => f.location?.path).sort()).toEqual(expected);
      for (const f of failing) {
        expect(f.rule).toBe(`insecure-defaults/${c.rule}`);
        expect(f.location).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        expect(f.remediation.length).toBeGreaterThan(10);
      }
    });
    it(`${c.rule}: passes on the near-misses`, async () => {
      const findings = await runProbe(probe, c.negative);
      expect(fails(findings)).toEqual([]);
      expect(findings.map((f) => f.outcome)).toEqual(['pass']);
    });
  }

  it('gives the line and column of the match', async () => {
    const findings = await runProbe(probe, {
      'src/http.ts': 'const a = 1;\nconst agent = new Agent({ rejectUnauthorized: false });\n',
    });
    expect(findings[0]).toMatchObject({
      outcome: 'fail',
      location: { path: 'src/http.ts', line: 2, column: 27 },
    });
  });

  it('reports tests, examples and docs apart as observations, and passes', async () => {
    const findings = await runProbe(probe, {
      'test/tls.test.js': 'const agent = new Agent({ rejectUnauthorized: false });\n',
      'examples/client.go': 'cfg := &tls.Config{InsecureSkipVerify: true}\n',
      'src/net/client_test.go': 'cfg := &tls.Config{InsecureSkipVerify: true}\n',
      'src/http.spec.ts': 'const agent = new Agent({ rejectUnauthorized: false });\n',
    });
    expect(findings.map((f) => f.outcome).sort()).toEqual([
      'observation',
      'observation',
      'observation',
      'observation',
      'pass',
    ]);
    expect(findings.find((f) => f.location?.path === 'src/net/client_test.go')?.message).toContain(
      'test code',
    );
    for (const f of findings.filter((f) => f.outcome === 'observation')) expect(f.confidence).toBe('low');
    expect(findings.find((f) => f.location?.path === 'test/tls.test.js')?.message).toContain('test code');
  });

  it('reports development variants apart (settings_dev.py, a local compose script)', async () => {
    const findings = await runProbe(probe, {
      'mysite/settings_dev.py': 'DEBUG = True\n',
      'mysite/settings/local.py': 'DEBUG = True\n',
      'mysite/settings/production.py': 'DEBUG = True\n',
    });
    expect(fails(findings)).toEqual([
      'insecure-defaults/debug-django-settings@mysite/settings/production.py:1',
    ]);
    const apart = findings.filter((f) => f.outcome === 'observation');
    expect(apart.map((f) => f.location?.path).sort()).toEqual([
      'mysite/settings/local.py',
      'mysite/settings_dev.py',
    ]);
    for (const f of apart) expect(f.message).toContain('development variant');
  });

  it('reports CI pipelines apart: they run the build, they are not shipped', async () => {
    const findings = await runProbe(probe, {
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      NODE_TLS_REJECT_UNAUTHORIZED: 0\n    steps:\n      - run: npm test\n',
    });
    expect(findings.map((f) => f.outcome)).toEqual(['observation', 'pass']);
    expect(findings[0]!.message).toContain('CI configuration');
  });

  it('honours an inline allow comment with its reason', async () => {
    const findings = await runProbe(probe, {
      'src/lab.ts':
        '// vouch: ignore[insecure-defaults/tls-js-reject-unauthorized] lab appliance with self-signed cert\nconst agent = new Agent({ rejectUnauthorized: false });\n',
    });
    expect(findings.map((f) => f.outcome)).toEqual(['observation', 'pass']);
    expect(findings[0]!.message).toContain('lab appliance');
  });

  it('keeps the fingerprint when the line moves, and separates repeats', async () => {
    const line = 'const agent = new Agent({ rejectUnauthorized: false });\n';
    const a = await runProbe(probe, { 'src/a.ts': line });
    const b = await runProbe(probe, { 'src/a.ts': `// moved\n\n${line}${line}` });
    expect(b[0]!.fingerprint).toBe(a[0]!.fingerprint);
    expect(b[1]!.fingerprint).not.toBe(b[0]!.fingerprint);
  });

  it('escapes repository text in messages', async () => {
    const findings = await runProbe(probe, { 'src/a.ts': 'x({ rejectUnauthorized\u202e: false })\n' });
    // The bidi override sits between the key and the colon, so the pattern does not match at all.
    expect(fails(findings)).toEqual([]);
    const shown = await runProbe(probe, { 'install.sh': 'curl -k https://e\u001b[31m.com\n' });
    expect(shown[0]!.outcome).toBe('fail');
    expect(shown[0]!.message).not.toContain('\u001b');
  });

  it('reads only files of the types the rules name; with none, there is nothing to judge (not a pass)', async () => {
    const findings = await runProbe(probe, { 'notes.txt': 'rejectUnauthorized: false\nchmod 777 /x\n' });
    expect(findings.map((f) => f.outcome)).toEqual(['not-applicable']);
    expect(findings[0]!.message).toMatch(/nothing to judge/);
    const read = await runProbe(probe, { 'src/app.js': 'module.exports = 1;\n' });
    expect(read.map((f) => f.outcome)).toEqual(['pass']);
    expect(read[0]!.message).toMatch(/^1 file /);
  });
});
