import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';

/** `npm start` with nothing configured: the dry run and the development token. */
function dryRun() {
  const printed: Record<string, unknown>[] = [];
  const handler = createAlbHandler(
    createLocalDependencies(readConfig({}), {
      writeDryRunLine: (line) => printed.push(JSON.parse(line)),
    }),
  );
  return { handler, printed };
}

describe('the dry run, as a first-time operator tries it', () => {
  it('sets the topic of the README’s own room (a #name channel): 204, the call printed', async () => {
    const { handler, printed } = dryRun();
    const result = await handler(
      albEvent({
        method: 'PUT',
        path: '/v2/room/Ops%20Alerts/topic',
        headers: {
          authorization: `Bearer ${DEVELOPMENT_TOKEN}`,
          'content-type': 'application/json',
        },
        body: '{"topic":"Deploy freeze until Monday"}',
      }),
      lambdaContext(),
    );
    expect(result.statusCode, result.body).toBe(204);
    expect(printed.at(-1)).toMatchObject({
      dryRun: true,
      method: 'conversations.setTopic',
      args: { channel: 'C0DRYRUN', topic: 'Deploy freeze until Monday' },
    });
  });

  it('/health/ready says slackToken not_used, and docs/api.md says what that means', async () => {
    const { handler } = dryRun();
    const result = await handler(
      albEvent({ method: 'GET', path: '/health/ready' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({
      status: 'ready',
      whitelist: 'loaded',
      slackToken: 'not_used',
    });
    const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const row = api.split('\n').find((line) => line.startsWith('| `GET /health/ready`')) ?? '';
    for (const value of ['loaded', 'unavailable', 'not_used']) expect(row).toContain(`"${value}"`);
  });
});
