import { afterAll, beforeAll, expect } from 'vitest';
import { registeredSecrets } from './secrets.js';

/**
 * Captures everything a test file writes to stdout, stderr and the console, and fails the
 * file if any registered test secret — or anything shaped like a Slack token — shows up.
 * Runs as a Vitest setup file, so every test file of the suite is guarded.
 */
const captured: string[] = [];
const SLACK_TOKEN_SHAPE = /xox[abposr]-[A-Za-z0-9-]+/;

/** What this test file has written so far (for tests that assert on log lines). */
export function capturedOutput(): readonly string[] {
  return captured;
}

function toText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk).toString('utf8');
  return String(chunk);
}

beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(toText(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      original(...args);
    };
  }
});

afterAll(() => {
  const output = captured.join('\n');
  for (const secret of registeredSecrets()) {
    expect(output.includes(secret), 'a test secret appeared in the logs').toBe(false);
  }
  expect(
    output.match(SLACK_TOKEN_SHAPE)?.[0],
    'a Slack token appeared in the logs',
  ).toBeUndefined();
});
