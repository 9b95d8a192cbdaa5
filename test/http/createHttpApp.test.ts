import { describe, expect, it, vi } from 'vitest';
import {
  createHttpApp,
  type HttpAppOptions,
  type HttpHandler,
} from '../../src/http/createHttpApp.js';
import type { IncomingRequest } from '../../src/http/IncomingRequest.js';
import { RoutingError } from '../../src/http/RoutingError.js';
import type { ProxyRequest } from '../../src/routes/ProxyRequest.js';

const request = (over: Partial<IncomingRequest> = {}): IncomingRequest => ({
  method: 'GET',
  path: '/things/1',
  headers: {},
  query: {},
  rawBody: '',
  isBase64Encoded: false,
  requestId: 'req-1',
  remainingTimeMs: () => undefined,
  ...over,
});

/** An app with one route and an error handler that answers `{ error: <name or kind> }`. */
function app(handle: HttpHandler, options: Partial<HttpAppOptions> = {}) {
  const answered: ProxyRequest[] = [];
  const onError = vi.fn<HttpAppOptions['onError']>((error, _req, res) => {
    const name = error instanceof RoutingError ? error.kind : (error as Error).name;
    res.status(error instanceof RoutingError ? 404 : 500).json({ error: name });
  });
  const http = createHttpApp({
    routes: [{ method: 'GET', path: '/things/:id', handle }],
    onError,
    onAnswered: (req) => answered.push(req),
    keptOnError: ['x-kept'],
    ...options,
  });
  return { http, answered, onError };
}

describe('createHttpApp', () => {
  it('runs the route with its parameters and reports the request once', async () => {
    const { http, answered } = app((req, res) => res.json({ id: req.params.id }));
    const answer = await http.handle(request());
    expect(answer).toEqual({
      status: 200,
      headers: { 'content-type': ['application/json'] },
      body: '{"id":"1"}',
    });
    expect(answered).toHaveLength(1);
    expect(answered[0]?.requestId).toBe('req-1');
  });

  it('runs the GET route for HEAD, which sees its own method and sends no body', async () => {
    const { http } = app((req, res) => res.json({ method: req.method }));
    const answer = await http.handle(request({ method: 'HEAD' }));
    expect(answer).toMatchObject({ status: 200, body: '' });
  });

  it('hands a routing failure to the error handler as RoutingError', async () => {
    const { http, onError } = app((_req, res) => res.send(''));
    expect((await http.handle(request({ path: '/nothing' }))).body).toBe(
      '{"error":"unknown_path"}',
    );
    expect((await http.handle(request({ method: 'POST' }))).body).toBe('{"error":"wrong_method"}');
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('keeps only the listed headers from before an error', async () => {
    const { http } = app((_req, res) => {
      res.header('X-Kept', '1').header('x-dropped', '2');
      throw new TypeError('refused');
    });
    const answer = await http.handle(request());
    expect(answer.headers).toEqual({ 'x-kept': ['1'], 'content-type': ['application/json'] });
    expect(answer.body).toBe('{"error":"TypeError"}');
  });

  it('reports the request after an error, a 404, and an error handler that throws', async () => {
    const failing = app(
      () => {
        throw new Error('route');
      },
      {
        onError: () => {
          throw new Error('handler');
        },
      },
    );
    await expect(failing.http.handle(request())).rejects.toThrow('handler');
    expect(failing.answered).toHaveLength(1);

    const missing = app(() => undefined);
    await missing.http.handle(request({ path: '/nothing' }));
    expect(missing.answered).toHaveLength(1);
  });

  it('treats a route that returns without answering as a failure', async () => {
    const { http, onError } = app(async () => undefined);
    expect((await http.handle(request())).status).toBe(500);
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('The route returned without answering'));
  });

  it('keeps an answer already sent when the route fails afterwards', async () => {
    const { http, onError, answered } = app((_req, res) => {
      res.status(204).send('');
      throw new Error('after the answer');
    });
    expect(await http.handle(request())).toMatchObject({ status: 204 });
    expect(onError).not.toHaveBeenCalled();
    expect(answered).toHaveLength(1);
  });

  it('refuses a Cookie value that does not percent-decode, before routing, with a URIError', async () => {
    const route = vi.fn<HttpHandler>((_req, res) => res.send(''));
    const { http, onError } = app(route);
    for (const cookie of ['a=%zz', 'a=1; b=%E0%A4%A', 'a=b=%']) {
      await http.handle(request({ path: '/nothing', headers: { cookie } }));
    }
    expect(onError.mock.calls.map(([error]) => (error as Error).name)).toEqual([
      'URIError',
      'URIError',
      'URIError',
    ]);
    await http.handle(request({ headers: { cookie: 'a=%41; noequals%zz; b=' } }));
    expect(route).toHaveBeenCalledTimes(1);
  });

  it('lists the routes it serves', () => {
    expect(app(() => undefined).http.routes()).toEqual([['GET', '/things/:id']]);
  });
});
