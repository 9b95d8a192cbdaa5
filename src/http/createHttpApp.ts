import type { ProxyRequest } from '../routes/ProxyRequest.js';
import type { ProxyResponse } from '../routes/ProxyResponse.js';
import { createProxyRequest } from './createProxyRequest.js';
import { createRouter } from './createRouter.js';
import type { HttpAnswer } from './HttpAnswer.js';
import type { IncomingRequest } from './IncomingRequest.js';
import { OutgoingResponse } from './OutgoingResponse.js';
import { RoutingError } from './RoutingError.js';

/** What answers one method and path. */
export type HttpHandler = (req: ProxyRequest, res: ProxyResponse) => Promise<void> | void;

export interface HttpAppOptions {
  readonly routes: readonly { method: string; path: string; handle: HttpHandler }[];
  /**
   * Answers every failure: what a route threw, a `RoutingError` (404, 405), a `URIError` (a
   * Cookie header that does not percent-decode). It must answer; if it throws, so does
   * `handle`.
   */
  readonly onError: (error: unknown, req: ProxyRequest, res: ProxyResponse) => Promise<void> | void;
  /** Called once per request, whatever happened, after it is answered: the access log line. */
  readonly onAnswered: (req: ProxyRequest) => void;
  /** Headers (lower-case) that an error answer keeps from before the error; others are dropped. */
  readonly keptOnError?: readonly string[];
}

export interface HttpApp {
  handle(incoming: IncomingRequest): Promise<HttpAnswer>;
  /** Every method and path served, as registered. */
  routes(): [method: string, path: string][];
}

/**
 * The HTTP core: routes a request, runs its handler, turns a failure into the error
 * handler's answer, and reports every request once. It knows neither the runtime (an adapter
 * builds the `IncomingRequest` and shapes the `HttpAnswer`) nor HipChat (createProxyApi
 * supplies routes and hooks).
 *
 * @example
 * const app = createHttpApp({ routes, onError, onAnswered: (req) => log(req) });
 * const answer = await app.handle(incoming); // { status, headers, body }
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const router = createRouter(
    options.routes.map(({ method, path, handle }) => ({ method, path, handler: handle })),
  );
  const keptOnError = options.keptOnError ?? [];
  return {
    routes: () => router.routes(),
    async handle(incoming) {
      const params: Record<string, string> = {};
      const req = createProxyRequest(incoming, params);
      const res = new OutgoingResponse(req.method);
      try {
        try {
          assertCookiesDecode(req.headers.cookie);
          const match = router.match(req.method, req.path);
          if (match.kind !== 'found') throw new RoutingError(match.kind);
          Object.assign(params, match.params);
          await match.handler(req, res);
          if (res.answer === undefined) throw new Error('The route returned without answering');
        } catch (error) {
          // Once answered, the answer stands: a later failure cannot reach the caller.
          if (res.answer !== undefined) return res.answer;
          res.keepOnlyHeaders(keptOnError);
          await options.onError(error, req, res);
        }
        if (res.answer === undefined) throw new Error('The error handler did not answer');
        return res.answer;
      } finally {
        options.onAnswered(req);
      }
    },
  };
}

/**
 * lambda-api percent-decoded every cookie value before routing, so an undecodable one was a
 * 400 on any path. The proxy reads no cookie; the check stays so callers get the same answers.
 */
function assertCookiesDecode(cookie: string | undefined): void {
  if (!cookie) return;
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1) decodeURIComponent(pair.slice(eq + 1));
  }
}
