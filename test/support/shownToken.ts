import { expect } from 'vitest';
import type { CapturedRun } from './runCliCaptured.js';
import { testSecret } from './secrets.js';

/**
 * The token `tokens add`/`rotate` showed (stdout: the token alone), registered as a test
 * secret so the log guard fails the file if it is ever printed. Fails the test on anything
 * else — registering an empty string would make the guard match everything.
 *
 * @example
 * const token = shownToken(await runCliCaptured(['tokens', 'add', …]));
 */
export function shownToken(run: CapturedRun): string {
  expect(run.exitCode, run.stderr).toBe(0);
  const token = run.stdout.trim();
  expect(token).toMatch(/^\S{16,}$/);
  return testSecret(token);
}
