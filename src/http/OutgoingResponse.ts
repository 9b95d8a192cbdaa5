import type { ProxyResponse } from '../routes/ProxyResponse.js';
import type { HttpAnswer } from './HttpAnswer.js';

/**
 * The response a route writes, as the core sees it. It starts as lambda-api's did, a 200
 * with `content-type: application/json` (what HipChat sent on every answer with a body). The
 * first `send` fixes the answer (no route sends twice, nor sets a header after sending). A
 * HEAD request, and a status that must not have content (1xx, 204, 205, 304), get an empty
 * body.
 *
 * @example
 * const res = new OutgoingResponse('GET');
 * res.status(200).json({ status: 'ok' });
 * res.answer; // { status: 200, headers: { 'content-type': ['application/json'] }, body: '{"status":"ok"}' }
 */
export class OutgoingResponse implements ProxyResponse {
  #status = 200;
  readonly #headers = new Map<string, string[]>([['content-type', ['application/json']]]);
  #answer: HttpAnswer | undefined;
  readonly #method: string;

  /** `method`: the request's, which decides whether the answer has a body. */
  constructor(method: string) {
    this.#method = method;
  }

  /** The answer once sent, undefined until then. */
  get answer(): HttpAnswer | undefined {
    return this.#answer;
  }

  status(code: number): this {
    this.#status = code;
    return this;
  }

  header(name: string, value: string): this {
    this.#headers.set(name.toLowerCase(), [value]);
    return this;
  }

  removeHeader(name: string): this {
    this.#headers.delete(name.toLowerCase());
    return this;
  }

  /** Drops every header but these (lower-case names): what an error answer keeps. */
  keepOnlyHeaders(names: readonly string[]): void {
    for (const name of this.#headers.keys()) if (!names.includes(name)) this.#headers.delete(name);
  }

  json(body: unknown): void {
    // JSON.stringify(undefined) is undefined: lambda-api sent an empty body then.
    this.header('content-type', 'application/json').send(JSON.stringify(body) ?? '');
  }

  send(body: string): void {
    if (this.#answer !== undefined) return;
    const empty = this.#method === 'HEAD' || mustHaveNoContent(this.#status);
    this.#answer = {
      status: this.#status,
      headers: Object.fromEntries([...this.#headers].map(([name, values]) => [name, [...values]])),
      body: empty ? '' : body,
    };
  }
}

function mustHaveNoContent(status: number): boolean {
  return (status >= 100 && status < 200) || status === 204 || status === 205 || status === 304;
}
