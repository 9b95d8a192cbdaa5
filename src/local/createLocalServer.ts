import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { ALBResult } from 'aws-lambda';
import type { AlbHandler } from '../http/createAlbHandler.js';
import { localLambdaContext } from './localLambdaContext.js';
import { type AlbEmulationOptions, toAlbEvent } from './toAlbEvent.js';

/** What an ALB accepts for a Lambda target before it answers 413 itself. */
const ALB_MAX_REQUEST_BYTES = 1024 * 1024;

export interface LocalServerOptions extends Partial<AlbEmulationOptions> {
  handler: AlbHandler;
  /** The Lambda timeout the local "invocation" pretends to have. */
  timeoutMs?: number;
  /** Certificate and key (PEM): the server is the ALB's HTTPS listener instead of its HTTP one. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/**
 * A small HTTP server that stands where the internal ALB stands in AWS: it turns each
 * request into the ALB's Lambda event, invokes the very handler AWS runs, and turns the
 * result back into HTTP. How developers, tests and operators try the proxy without AWS.
 *
 * @example
 * const server = createLocalServer({ handler: createAlbHandler(deps) });
 * server.listen(8080, '127.0.0.1');
 * const https = createLocalServer({ handler, tls: { cert, key } }); // the HTTPS listener
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const emulation = { multiValueHeaders: options.multiValueHeaders ?? false };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const protocol = options.tls === undefined ? 'http' : 'https';
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    readBody(req).then(
      async (body) => {
        if (body === undefined) return answerPlain(res, 413, '413 Request Entity Too Large');
        const event = toAlbEvent(
          {
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            rawHeaders: req.rawHeaders,
            body,
            remoteAddress: req.socket.remoteAddress,
            localPort: req.socket.localPort,
            protocol,
          },
          emulation,
        );
        try {
          writeAlbResult(res, await options.handler(event, localLambdaContext(timeoutMs)));
        } catch {
          // What the ALB answers when the function fails (LambdaUnhandled).
          answerPlain(res, 502, '502 Bad Gateway');
        }
      },
      () => answerPlain(res, 400, '400 Bad Request'),
    );
  };
  return options.tls === undefined
    ? createServer(listener)
    : createTlsServer(options.tls, listener);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > ALB_MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeAlbResult(res: ServerResponse, result: ALBResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    : undefined;
  // Like the ALB: hop-by-hop headers are dropped and Content-Length is computed here.
  delete headers.connection;
  delete headers['transfer-encoding'];
  delete headers['content-length'];
  res.writeHead(result.statusCode, headers);
  res.end(result.statusCode === 204 || result.statusCode === 304 ? undefined : body);
}

function answerPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}
