import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { albEvent } from './albEvent.js';
import { capturedOutput } from './captureLogs.js';
import { lambdaContext } from './lambdaContext.js';
import { testSecret } from './secrets.js';

/**
 * The log guard (captureLogs.ts, a setup file of every test file) only proves something if it
 * really sees what the proxy logs: here the production logger writes a request line, and the
 * guard must have captured it — with the label, without the token.
 */
describe('log guard', () => {
  it('captures the production logger, which names the token by label only', async () => {
    const token = testSecret('hipchat-proxy-local-development-token-00');
    const handler = createAlbHandler(
      createLocalDependencies(readConfig({}), { writeDryRunLine: () => undefined }),
    );
    const result = await handler(
      albEvent({
        path: '/v2/room/Ops/notification',
        query: `auth_token=${token}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hi', token }),
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
    const line = capturedOutput().find((chunk) => chunk.includes('"route":"room.notification"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      tokenLabel: 'local-development',
      status: 204,
    });
    expect(capturedOutput().join('')).not.toContain(token);
  });
});
