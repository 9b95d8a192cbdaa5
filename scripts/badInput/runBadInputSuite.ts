import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { SKIPPED_TOKENS, whitelistWithMistakes } from './whitelistWithMistakes.js';

export interface BadInputCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface BadInputReport {
  cases: number;
  /** 5xx answers: must be 0. */
  serverErrors: number;
  /** Answers that were neither 2xx nor a HipChat-shaped error (bar the emulated ALB's own 413). */
  misshapen: number;
  /** Requests that got no HTTP answer at all. */
  crashes: number;
  /** 2xx answers to a request whose only tokens belong to whitelist entries the proxy skips. */
  grantedSkipped: number;
  statuses: Record<string, number>;
  /** Up to five offending cases, to reproduce. */
  examples: {
    status: number | string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string;
  }[];
  seed: number;
  durationMs: number;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** `common` in `weight` of `weight + 1` cases, else `rare` (so most requests get past auth). */
function weighted<A, B>(weight: number, common: fc.Arbitrary<A>, rare: fc.Arbitrary<B>) {
  return fc.tuple(fc.nat(weight), common, rare).map(([n, a, b]): A | B => (n < weight ? a : b));
}

const jsonBodies = fc.oneof(
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify({ message: 'x', extra: value })),
  fc
    .record(
      {
        message: fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.integer(),
          fc.constant(null),
          fc.string({ minLength: 9_000, maxLength: 12_000 }),
        ),
        color: fc.oneof(fc.string(), fc.constantFrom('red', 'GREY', 'purple', 'random')),
        notify: fc.oneof(fc.boolean(), fc.string(), fc.integer()),
        message_format: fc.oneof(fc.string(), fc.constantFrom('html', 'text', 'TEXT')),
        from: fc.oneof(fc.string(), fc.constant(null)),
        card: fc.oneof(fc.object(), fc.constant(null)),
        attach_to: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  fc.constantFrom(
    '{"message":"<b>bold</b> <script>x</script> <!channel> &amp; &lt;"',
    '{"message":"ok","message_format":"html"}',
  ),
);

const formBodies = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'message',
        'color',
        'notify',
        'message_format',
        'from',
        'auth_token',
        'room_id',
      ),
      fc.oneof(fc.string(), fc.constantFrom('%', '%zz', '%E0%A4%A', '+', 'html')),
      fc.boolean(),
    ),
    { maxLength: 8 },
  )
  .map((fields) =>
    fields
      .map(([key, value, encode]) => `${key}=${encode ? encodeURIComponent(value) : value}`)
      .join('&'),
  );

/** Multipart bodies as share/file and v1 form-data see them, whole, cut, or wrong. */
const multipartBodies = fc
  .record({
    boundary: fc.constantFrom('x', 'sendfileboundary'),
    eol: fc.constantFrom('\r\n', '\n'),
    parts: fc.array(
      fc.record({
        name: fc.constantFrom('file', 'file', 'metadata', 'metadata', 'message', 'other', '"', ''),
        filename: fc.option(
          fc.oneof(fc.string(), fc.constantFrom('C:\\x\\a.log', '../../etc/passwd')),
          {
            nil: undefined,
          },
        ),
        encoding: fc.option(fc.constantFrom('base64', 'quoted-printable', 'binary', 'x-unknown'), {
          nil: undefined,
        }),
        content: fc.oneof(
          fc.string(),
          fc.constantFrom('{"message":"hi"}', '{"message":5}', '[1]', 'aGVsbG8=', '@@@', '=ZZ'),
          fc.uint8Array({ maxLength: 500 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        ),
      }),
      { maxLength: 4 },
    ),
    closed: fc.boolean(),
  })
  .map(({ boundary, eol, parts, closed }) => {
    const lines: string[] = [];
    for (const part of parts) {
      lines.push(`--${boundary}`);
      const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
      lines.push(`Content-Disposition: attachment; name="${part.name}"${filename}`);
      if (part.encoding !== undefined) lines.push(`Content-Transfer-Encoding: ${part.encoding}`);
      lines.push('', part.content);
    }
    if (closed) lines.push(`--${boundary}--`);
    return Buffer.from(lines.join(eol), 'latin1');
  });

const bodies = fc.oneof(
  multipartBodies,
  jsonBodies.map(utf8),
  jsonBodies.map(utf8),
  jsonBodies.map(utf8),
  formBodies.map(utf8),
  fc.string().map(utf8),
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.alloc(0)),
  // Invalid UTF-8 inside JSON, and a body just over and under the size limit.
  fc.constant(Buffer.concat([utf8('{"message":"'), Buffer.from([0xc3, 0x28, 0xff]), utf8('"}')])),
  fc.constant(utf8(JSON.stringify({ message: 'x'.repeat(300 * 1024) }))),
);

const rooms = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9%+@._~-]{0,30}$/),
  fc.constantFrom(
    '1234',
    'Ops%20Alerts',
    '%',
    '%E0%A4%A',
    '..',
    '%2F',
    '%00',
    'a%2Fb',
    '9'.repeat(40),
  ),
);

const paths = fc.oneof(
  { weight: 6, arbitrary: rooms.map((room) => `/v2/room/${room}/notification`) },
  { weight: 1, arbitrary: rooms.map((room) => `/v2/room/${room}/share/file`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(rooms, fc.constantFrom('', '/message', '/share/file'))
      .map(([user, rest]) => `/v2/user/${user}${rest}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/',
      '/v2/room',
      '/v2/room//notification',
      '/v1/rooms/message',
      '/v2//room/1234/notification',
      '/health',
      '/v2/room/1234/message',
      '/%',
      '/v2/room/1234/notification/',
    ),
  },
);

const tokens = fc.constantFrom(
  DEVELOPMENT_TOKEN,
  ...SKIPPED_TOKENS,
  'unknown-token-000000000000000000000000000',
  '',
  'x',
  '%zz',
  'a'.repeat(5_000),
);

const anyCases: fc.Arbitrary<BadInputCase> = fc
  .record({
    method: weighted(
      8,
      fc.constant('POST'),
      fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    ),
    path: paths,
    query: weighted(
      6,
      fc.constant(''),
      fc.oneof(
        tokens.map((t) => `?auth_token=${t}`),
        fc.constantFrom(
          '?auth_test=true',
          '?a=%',
          '?auth_token=%zz&auth_token=x',
          '?=&&=',
          '?auth_token',
        ),
      ),
    ),
    authorization: weighted(
      6,
      fc.constant(`Bearer ${DEVELOPMENT_TOKEN}`),
      fc.oneof(
        fc.constant(undefined),
        tokens.map((t) => `Bearer ${t}`),
        fc.constantFrom('Basic abc', 'Bearer', 'bearer  x', ''),
      ),
    ),
    contentType: fc.option(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/x-www-form-urlencoded',
        'text/plain',
        'text/html',
        'multipart/form-data; boundary=x',
        'multipart/related; boundary=sendfileboundary',
        'multipart/related',
        'application/xml',
        'application/octet-stream',
        '*/*',
        ';;;',
      ),
      { nil: undefined },
    ),
    contentEncoding: weighted(
      6,
      fc.constant(undefined),
      fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
    ),
    body: bodies,
  })
  .map(({ method, path, query, authorization, contentType, contentEncoding, body }) => {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (contentEncoding !== undefined) headers['content-encoding'] = contentEncoding;
    return { method, path: `${path}${query}`, headers, body };
  });

/**
 * The bad-input suite: fast-check generates requests — bodies (JSON, forms, random bytes,
 * invalid UTF-8, oversized), headers, content types, encodings, paths and tokens — and sends
 * them over a real socket to the local server (dry-run Slack). Every answer must be a 2xx or
 * a HipChat-shaped error; never a 5xx, never a dropped connection.
 *
 * @example
 * const report = await runBadInputSuite({ cases: 10_000 });
 * if (report.serverErrors > 0) process.exit(1);
 */
export async function runBadInputSuite(options: {
  cases: number;
  seed?: number;
  concurrency?: number;
}): Promise<BadInputReport> {
  const seed = options.seed ?? 1;
  const quiet = () => undefined;
  const whitelistFile = join(mkdtempSync(join(tmpdir(), 'hipchat-proxy-bad-input-')), 'wl.json');
  writeFileSync(whitelistFile, JSON.stringify(whitelistWithMistakes()));
  const deps = createLocalDependencies(
    readConfig({
      WHITELIST_FILE: whitelistFile,
      ROOM_MAP_JSON: '{"1234":"C0123456789","Ops Alerts":"#ops-alerts"}',
      // One token sends every case; past HipChat's 500 per 5 min all would be 429s.
      RATE_LIMIT: String(Math.max(500, options.cases * 2)),
    }),
    {
      logger: { info: quiet, warn: quiet, error: quiet },
      writeDryRunLine: quiet,
    },
  );
  const server = createLocalServer({ handler: createAlbHandler(deps) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const started = Date.now();
  const samples = fc.sample(badInputCases, { numRuns: options.cases, seed });
  const report: BadInputReport = {
    cases: samples.length,
    serverErrors: 0,
    misshapen: 0,
    crashes: 0,
    grantedSkipped: 0,
    statuses: {},
    examples: [],
    seed,
    durationMs: 0,
  };
  const note = (status: number | string, sample: BadInputCase) => {
    if (report.examples.length < 5) {
      report.examples.push({
        status,
        ...sample,
        body: sample.body.subarray(0, 300).toString('utf8'),
      });
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const sample = samples[next++] as BadInputCase;
      const answer = await send(port, sample).catch(() => undefined);
      if (answer === undefined) {
        report.crashes += 1;
        note('no answer', sample);
        continue;
      }
      report.statuses[answer.status] = (report.statuses[answer.status] ?? 0) + 1;
      if (answer.status < 300 && needsToken(sample) && onlySkippedTokens(sample)) {
        report.grantedSkipped += 1;
        note(answer.status, sample);
      } else if (answer.status >= 500) {
        report.serverErrors += 1;
        note(answer.status, sample);
      } else if (
        answer.status >= 400 &&
        answer.status !== 413 &&
        sample.method !== 'HEAD' && // HTTP gives a HEAD answer no body
        !isHipChatError(answer)
      ) {
        report.misshapen += 1;
        note(answer.status, sample);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  await new Promise((resolve) => server.close(resolve));
  report.durationMs = Date.now() - started;
  return report;
}

/** Every route but the health checks asks for a token. */
function needsToken(sample: BadInputCase): boolean {
  return !/^\/*health(\/|$|\?)/.test(sample.path);
}

/** Whether every token the request carries anywhere belongs to an entry the proxy skips. */
function onlySkippedTokens(sample: BadInputCase): boolean {
  const carried = `${sample.path} ${sample.headers.authorization ?? ''} ${sample.body.toString('latin1')}`;
  return (
    !carried.includes(DEVELOPMENT_TOKEN) && SKIPPED_TOKENS.some((token) => carried.includes(token))
  );
}

function isHipChatError(answer: { status: number; body: string }): boolean {
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
    return (
      parsed.error?.code === answer.status &&
      typeof parsed.error.message === 'string' &&
      !/\n\s+at /.test(answer.body)
    );
  } catch {
    return false;
  }
}

function send(port: number, sample: BadInputCase): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: sample.method,
        path: sample.path,
        headers: { ...sample.headers, 'content-length': String(sample.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sample.body);
  });
}

/** share/file as clients send it, mostly well-formed enough to reach the file and Slack. */
const shareFileCases: fc.Arbitrary<BadInputCase> = fc
  .record({
    path: fc.oneof(
      rooms.map((room) => `/v2/room/${room}/share/file`),
      fc.constantFrom('/v2/room/1234/share/file', '/v2/user/jdoe%40example.com/share/file'),
    ),
    body: multipartBodies,
    related: fc.boolean(),
    token: weighted(8, fc.constant(DEVELOPMENT_TOKEN), tokens),
  })
  .map(({ path, body, related, token }) => {
    // The body's own boundary, so the Content-Type matches what was built.
    const boundary = body.toString('latin1').match(/^--(\S+)/)?.[1] ?? 'x';
    const type = related ? 'multipart/related' : 'multipart/form-data';
    return {
      method: 'POST',
      path,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `${type}; boundary=${boundary}`,
      },
      body,
    };
  });

/** Every case of the suite: anything at all, and a share of share/file uploads. */
export const badInputCases: fc.Arbitrary<BadInputCase> = fc.oneof(
  { weight: 9, arbitrary: anyCases },
  { weight: 1, arbitrary: shareFileCases },
);
