import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebAPIHTTPError, WebAPIRequestError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { classifySlackError } from '../../src/slack/classifySlackError.js';
import { createDeadlinePolicy } from '../../src/slack/createDeadlinePolicy.js';
import { uploadBytes } from '../../src/slack/shareFile.js';
import { inMemoryTokenProvider } from '../support/inMemoryTokenProvider.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A file host that answers every upload with `status` and `headers`. */
async function fileHost(status: number, headers: Record<string, string> = {}): Promise<string> {
  const host = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, headers).end(`HTTP ${status}`));
  });
  server = host;
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(host.address() as AddressInfo).port}/upload/v1/F1`;
}

/** What `uploadBytes` rejects with. */
async function failureOf(url: string, signal = new AbortController().signal): Promise<unknown> {
  return uploadBytes(url, Buffer.from('bytes'))('unused-token', signal).then(
    () => expect.fail('the upload should have failed'),
    (error: unknown) => error,
  );
}

describe('the upload step (uploadBytes) fails as the WebClient does', () => {
  it('no answer (a refused connection) is a WebAPIRequestError, read as a network failure', async () => {
    const url = await fileHost(200);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const error = await failureOf(url);
    expect(error).toBeInstanceOf(WebAPIRequestError);
    expect(error).toBeInstanceOf(Error);
    expect(classifySlackError(error)).toEqual({
      kind: 'transient',
      reason: 'network',
      slackError: 'ECONNREFUSED',
    });
  });

  it('an aborted upload is a WebAPIRequestError, read as a timeout', async () => {
    const url = await fileHost(200);
    const controller = new AbortController();
    controller.abort(new DOMException('Slack attempt abandoned', 'AbortError'));
    const error = await failureOf(url, controller.signal);
    expect(error).toBeInstanceOf(WebAPIRequestError);
    expect(classifySlackError(error)).toEqual({
      kind: 'transient',
      reason: 'timeout',
      slackError: 'timeout',
    });
  });

  it('an answer other than 200 is a WebAPIHTTPError with its status and Retry-After', async () => {
    const limited = await failureOf(await fileHost(429, { 'retry-after': '7' }));
    expect(limited).toBeInstanceOf(WebAPIHTTPError);
    expect(limited).toMatchObject({ statusCode: 429, headers: { 'retry-after': '7' } });
    expect(classifySlackError(limited)).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'http_429',
      retryAfterSeconds: 7,
    });
  });

  it('a 5xx is retried by the deadline policy, a 4xx is not', async () => {
    const policy = createDeadlinePolicy({
      tokens: inMemoryTokenProvider('xoxb-unused'),
      deadlineMs: 2_000,
      backoff: { baseMs: 1, maxMs: 2 },
    });
    const unavailable = await policy.within(uploadBytes(await fileHost(503), Buffer.from('x')));
    expect(unavailable).toMatchObject({
      kind: 'transient',
      reason: 'unavailable',
      slackError: 'http_503',
      attempts: 4,
    });
    await new Promise((resolve) => server?.close(resolve));
    const refused = await policy.within(uploadBytes(await fileHost(403), Buffer.from('x')));
    expect(refused).toMatchObject({ kind: 'rejected', slackError: 'http_403', attempts: 1 });
  });
});
