import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

/**
 * Whatever a caller sends — any body, content type, encoding, path or token — the answer is a
 * 2xx or a HipChat-shaped 4xx: never a 5xx, never a crash, never a stack trace.
 * (The full 10,000-case run belongs to the bad-input script; this keeps a fast slice in npm test.)
 */
const jsonish = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify({ message: 'x', extra: value })),
  fc
    .record(
      {
        message: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        color: fc.oneof(fc.string(), fc.constantFrom('red', 'GREY', 'Purple')),
        notify: fc.oneof(fc.boolean(), fc.string(), fc.integer()),
        message_format: fc.oneof(fc.string(), fc.constantFrom('html', 'TEXT')),
        from: fc.oneof(fc.string(), fc.constant(null)),
        card: fc.oneof(fc.object(), fc.constant(null)),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
);

const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
);

const pathSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9%+ @.-]{0,20}$/),
  fc.constantFrom('1234', 'Ops%20Alerts', '%', '%E0%A4%A', '..', '%2F'),
);

describe('bad input never yields a server error', () => {
  it('holds for random bodies, content types, encodings, paths and tokens', async () => {
    const { handler } = proxyHarness();
    await fc.assert(
      fc.asyncProperty(
        jsonish,
        contentTypes,
        fc.boolean(),
        fc.boolean(),
        pathSegment,
        fc.constantFrom(
          `Bearer ${TOKENS.ops}`,
          `Bearer ${TOKENS.unknown}`,
          'Basic abc',
          '',
          'Bearer',
        ),
        fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
        fc.constantFrom(
          '',
          'auth_test=true',
          'auth_token=%zz',
          `auth_token=${TOKENS.scoped}`,
          'a=%',
        ),
        async (body, contentType, base64, multiValue, room, authorization, method, query) => {
          const headers: Record<string, string> = { authorization };
          if (contentType) headers['content-type'] = contentType;
          const result = await handler(
            albEvent({
              method,
              path: `/v2/room/${room}/notification`,
              query,
              headers,
              body,
              base64,
              multiValue,
            }),
            lambdaContext(),
          );
          expect(result.statusCode).toBeLessThan(500);
          if (result.statusCode >= 400) {
            const answer = JSON.parse(result.body ?? '');
            expect(answer.error.code).toBe(result.statusCode);
            expect(typeof answer.error.message).toBe('string');
            expect(result.body).not.toMatch(/\n\s+at /);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
