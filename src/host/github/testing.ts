/**
 * For tests: a local HTTP server that answers GitHub REST API paths with the documented response
 * shapes kept in testdata/, checks the token like the host does, and records what was asked.
 * Nothing here leaves the loopback interface.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status?: number;
  /** A file in testdata/ or a value serialised as JSON. */
  file?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ReplayServer {
  url: string;
  requests: { path: string; authorization?: string; apiVersion?: string }[];
  close(): Promise<void>;
}

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

/** The answers for acme/widget: an organisation repository whose policy is the organisation's default. */
export function acmeAnswers(base: () => string): Record<string, Answer> {
  return {
    '/repos/acme/widget': { file: 'repo.json' },
    '/repos/acme/.github': { file: 'dotgithub-repo.json' },
    '/repos/acme/.github/contents/SECURITY.md': { file: 'dotgithub-security-md.json' },
    '/repos/acme/widget/private-vulnerability-reporting': { file: 'pvr.json' },
    '/repos/acme/widget/code-scanning/default-setup': { file: 'default-setup.json' },
    '/repos/acme/widget/rules/branches/main?per_page=100': {
      file: 'rules-page-1.json',
      headers: {
        link: `<${base()}/repos/acme/widget/rules/branches/main?per_page=100&page=2>; rel="next", <${base()}/repos/acme/widget/rules/branches/main?per_page=100&page=2>; rel="last"`,
      },
    },
    '/repos/acme/widget/rules/branches/main?per_page=100&page=2': { file: 'rules-page-2.json' },
    '/repos/acme/widget/branches/main/protection': { status: 404, file: 'branch-not-protected.json' },
    '/orgs/acme': { file: 'org.json' },
    '/repos/acme/widget/actions/permissions/workflow': { file: 'workflow-permissions.json' },
    '/repos/acme/widget/actions/permissions': { file: 'actions-permissions.json' },
  };
}

export async function startReplay(
  token: string,
  answers: (base: () => string) => Record<string, Answer>,
): Promise<ReplayServer> {
  const requests: ReplayServer['requests'] = [];
  let url = '';
  let table: Record<string, Answer> = {};
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({
      path,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(typeof req.headers['x-github-api-version'] === 'string'
        ? { apiVersion: req.headers['x-github-api-version'] }
        : {}),
    });
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body);
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(
        401,
        JSON.stringify({
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        }),
      );
      return;
    }
    const answer = table[path];
    if (!answer) {
      send(404, testdata('not-found.json'));
      return;
    }
    send(
      answer.status ?? 200,
      answer.file ? testdata(answer.file) : JSON.stringify(answer.body),
      answer.headers,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = answers(() => url);
  return {
    url,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
