import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

/** A throwaway self-signed certificate for 127.0.0.1, made with the machine's openssl. */
function testCertificate(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

const tls = testCertificate();
const proxy = proxyHarness();
let server: Server;
let port: number;

beforeAll(async () => {
  server = createLocalServer({ handler: proxy.handler, tls });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** An https-only client that trusts the test certificate, as hipchat-cli with its CA bundle. */
function send(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: tls.cert,
        headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe("npm start's HTTPS listener, as the ALB's", () => {
  it('speaks TLS and hands the handler x-forwarded-proto: https, so self-links are https', async () => {
    const answer = await send('GET', '/v2/room/1234');
    expect(answer.status).toBe(200);
    const room = JSON.parse(answer.body) as { links: { self: string } };
    // HypChat recognises a room only when links.self matches https://…/v2/room/….
    expect(room.links.self).toBe(`https://127.0.0.1:${port}/v2/room/1234`);
  });

  it('relays a notification over TLS like the HTTP listener', async () => {
    const before = proxy.sent.length;
    const { status } = await send(
      'POST',
      '/v2/room/1234/notification',
      JSON.stringify({ message: 'over https', message_format: 'text' }),
    );
    expect(status).toBe(204);
    expect(proxy.sent.length).toBe(before + 1);
    // The log line says the caller used the HTTPS listener, and from where.
    const line = proxy.logs.filter((l) => l.message === 'request').at(-1)?.extra;
    expect(line).toMatchObject({
      scheme: 'https',
      callerAddress: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
    });
  });
});
