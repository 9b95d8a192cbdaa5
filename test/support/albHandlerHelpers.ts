/**
 * Helpers of the handler-level tests (test/http, test/routes): ALB fixtures, a bearer POST, the
 * answer's JSON and headers, and a whitelist that never changes.
 */
import { readFileSync } from 'node:fs';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import type { WhitelistDocument } from '../../src/auth/whitelistSchema.js';
import { createRefreshingValue } from '../../src/config/createRefreshingValue.js';
import { albEvent } from './albEvent.js';
import { TOKENS } from './proxyHarness.js';
import { testSecret } from './secrets.js';

export const fixture = (name: string): ALBEvent =>
  JSON.parse(readFileSync(new URL(`../fixtures/alb/${name}`, import.meta.url), 'utf8'));
export const FIXTURE_TOKEN = testSecret('fixture-token-0000000000000000000000000001');

export const json = (result: ALBResult) => JSON.parse(result.body ?? '');
export const header = (result: ALBResult, name: string) =>
  result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

export const post = (
  path: string,
  body: unknown,
  extra: Partial<Parameters<typeof albEvent>[0]> = {},
) =>
  albEvent({
    path,
    headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  });

export function fixedWhitelist(document: WhitelistDocument) {
  return createRefreshingValue({ name: 'whitelist', ttlMs: 60_000, load: async () => document });
}
