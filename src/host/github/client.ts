/**
 * A small client for GitHub's REST API: bounded in time and size, paginated by Link headers,
 * aware of rate limits, and careful never to let the token reach a message. Every failure is a
 * value the caller turns into an `unknown` fact.
 */

export interface GitHubClientOptions {
  token: string;
  /** Base URL of the REST API (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  maxPages?: number;
  maxBytes?: number;
}

export type ApiResult<T = unknown> =
  | { ok: true; status: number; data: T }
  | { ok: false; status?: number; reason: string };

export const GITHUB_API_VERSION = '2022-11-28';
const DEFAULT_API = 'https://api.github.com';

/** The next page from a Link header (RFC 8288), if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

export class GitHubClient {
  readonly apiUrl: string;
  readonly #token: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;
  readonly #maxPages: number;
  readonly #maxBytes: number;
  /** Set once the host says the rate limit is spent: later calls fail fast with the same reason. */
  #rateLimited?: string;

  constructor(options: GitHubClientOptions) {
    this.apiUrl = (options.apiUrl ?? DEFAULT_API).replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxPages = options.maxPages ?? 10;
    this.#maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  }

  /** Any text from a response or an error, with the token removed wherever it appears. */
  redact(text: string): string {
    return this.#token ? text.split(this.#token).join('[token]') : text;
  }

  async get<T = unknown>(path: string): Promise<ApiResult<T>> {
    return this.#request<T>(path.startsWith('http') ? path : `${this.apiUrl}${path}`);
  }

  /** Every page of a list endpoint (up to maxPages), concatenated. */
  async list<T = unknown>(path: string): Promise<ApiResult<T[]>> {
    const items: T[] = [];
    let url: string | undefined = `${this.apiUrl}${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; url; page++) {
      if (page >= this.#maxPages)
        return { ok: false, reason: `more than ${this.#maxPages} pages at ${path}` };
      const r: ApiResult<T[]> & { next?: string } = await this.#request<T[]>(url);
      if (!r.ok) return r;
      if (!Array.isArray(r.data))
        return { ok: false, status: r.status, reason: `${path} did not return a list` };
      items.push(...r.data);
      url = r.next;
    }
    return { ok: true, status: 200, data: items };
  }

  async #request<T>(url: string): Promise<ApiResult<T> & { next?: string }> {
    if (this.#rateLimited) return { ok: false, status: 403, reason: this.#rateLimited };
    if (!url.startsWith(`${this.apiUrl}/`)) {
      // A Link header pointing elsewhere must not receive the token.
      return { ok: false, reason: 'the host pointed to another server; not followed' };
    }
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.#token}`,
          'x-github-api-version': GITHUB_API_VERSION,
          'user-agent': 'vouch',
        },
        redirect: 'error',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why =
        err.name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : (err.cause?.code ?? err.message);
      return { ok: false, reason: this.redact(`could not reach ${this.apiUrl}: ${why}`) };
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (
      (response.status === 403 || response.status === 429) &&
      (remaining === '0' || response.headers.has('retry-after'))
    ) {
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      const when =
        Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
      this.#rateLimited = `the GitHub API rate limit is spent${when}`;
      await response.body?.cancel();
      return { ok: false, status: response.status, reason: this.#rateLimited };
    }
    const text = await readBounded(response, this.#maxBytes);
    if (text === undefined)
      return { ok: false, status: response.status, reason: `answer over ${this.#maxBytes} bytes` };
    if (!response.ok) {
      let message = '';
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
      } catch {
        // Not JSON: the status says enough.
      }
      return {
        ok: false,
        status: response.status,
        reason: this.redact(`HTTP ${response.status}${message ? ` (${message.slice(0, 200)})` : ''}`),
      };
    }
    try {
      const next = nextLink(response.headers.get('link'));
      return { ok: true, status: response.status, data: JSON.parse(text) as T, ...(next ? { next } : {}) };
    } catch {
      return { ok: false, status: response.status, reason: 'the answer was not JSON' };
    }
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
