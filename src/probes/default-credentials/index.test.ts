import { describe, expect, it } from 'vitest';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const failing = async (files: Record<string, string>) =>
  (await runProbe(probe, files))
    .filter((f) => f.outcome === 'fail')
    .map((f) => `${f.rule}@${f.location?.path}:${f.location?.line}`);

/** A compose variable with a required value (kept out of a string literal: it is not a template). */
const COMPOSE_VARIABLE = ['$', '{POSTGRES_PASSWORD:?set one}'].join('');

describe('default-credentials', () => {
  it('fails on well-known default passwords in shipped templates, without showing the value', async () => {
    const findings = await runProbe(probe, {
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=postgres\n',
      '.env.example': 'DB_USER=app\nDB_PASSWORD=admin\n',
      'deploy/chart/values.yaml': 'auth:\n  adminPassword: "password"\n',
      'src/main/resources/application.properties': 'spring.datasource.password=root\n',
    });
    const fails = findings.filter((f) => f.outcome === 'fail');
    expect(fails.map((f) => `${f.location?.path}:${f.location?.line}`).sort()).toEqual([
      '.env.example:2',
      'deploy/chart/values.yaml:2',
      'docker-compose.yml:5',
      'src/main/resources/application.properties:1',
    ]);
    for (const f of fails) {
      expect(f.rule).toBe('default-credentials/default-password');
      expect(f.confidence).toBe('low');
      expect(f.message).not.toMatch(/postgres|admin|"password"|root/);
    }
  });

  it('fails on explicit empty passwords and password-less database switches', async () => {
    expect(
      (
        await failing({
          'compose.yaml':
            'services:\n  db:\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n  pg:\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n',
          'config/app.example.yml': 'database:\n  password: ""\n',
        })
      ).sort(),
    ).toEqual([
      'default-credentials/empty-password@compose.yaml:4',
      'default-credentials/empty-password@compose.yaml:7',
      'default-credentials/empty-password@config/app.example.yml:2',
    ]);
  });

  it('does not report placeholders, variables, blanks to fill in or strong values', async () => {
    const findings = await runProbe(probe, {
      'docker-compose.yml':
        'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ' +
        COMPOSE_VARIABLE +
        '\n      ADMIN_PASSWORD: changeme\n      OTHER_PASSWORD: <your-password>\n      PASSWORD_HINT: admin\n',
      '.env.example': 'DB_PASSWORD=\nAPI_PASSWORD=xxx\nSMTP_PASSWORD=postgres-but-longer\n',
      'config/app.example.yml': 'database:\n  password:\n',
      'src/settings.yml': 'password: admin\n',
    });
    expect(findings.map((f) => f.outcome)).toEqual(['pass']);
  });

  it('reports development variants and examples apart', async () => {
    const findings = await runProbe(probe, {
      'docker-compose.dev.yml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
      'examples/demo/.env.example': 'DB_PASSWORD=admin\n',
    });
    expect(findings.map((f) => f.outcome).sort()).toEqual(['observation', 'observation', 'pass']);
  });

  it('honours an inline allow comment', async () => {
    const findings = await runProbe(probe, {
      'docker-compose.yml':
        'services:\n  db:\n    environment:\n      # vouch: ignore[default-credentials/default-password] trial stack, documented as such\n      POSTGRES_PASSWORD: postgres\n',
    });
    expect(findings.map((f) => f.outcome)).toEqual(['observation', 'pass']);
  });
});
