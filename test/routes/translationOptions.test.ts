import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { createRefreshingValue } from '../../src/config/createRefreshingValue.js';
import { parseUserMap } from '../../src/rooms/userMap.js';
import { translationOptionsFor } from '../../src/routes/translationOptionsFor.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness } from '../support/proxyHarness.js';
import { testSecret } from '../support/secrets.js';

const BROADCASTER = testSecret('broadcaster-token-000000000000000000000000');
const QUIET = testSecret('quiet-token-000000000000000000000000000000');

const whitelist = createRefreshingValue({
  name: 'whitelist',
  ttlMs: 60_000,
  load: async () => ({
    tokens: [
      { label: 'pager', sha256: tokenDigest(BROADCASTER), broadcastMentions: true },
      { label: 'cron', sha256: tokenDigest(QUIET) },
    ],
  }),
});

async function send(
  proxy: ReturnType<typeof proxyHarness>,
  token: string,
  body: Record<string, unknown>,
) {
  const result = await proxy.handler(
    albEvent({
      method: 'POST',
      path: '/v2/room/1234/notification',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    lambdaContext(),
  );
  expect(result.statusCode).toBe(204);
  return proxy.sent.at(-1);
}

const message = {
  message: '@all failover (failed) cc @jdoe',
  message_format: 'text',
  notify: true,
};

describe('sendRoomNotification: translation follows the token and the configuration', () => {
  it('pings the channel for @all only for a token whose whitelist entry allows broadcasts', async () => {
    const proxy = proxyHarness({ whitelist });
    expect((await send(proxy, BROADCASTER, message))?.attachments?.[0]?.text).toBe(
      '<!channel> failover :x: cc @jdoe',
    );
    expect((await send(proxy, QUIET, message))?.attachments?.[0]?.text).toBe(
      '@all failover :x: cc @jdoe',
    );
  });

  it('mentions mapped users and adds the configured notify ping', async () => {
    const proxy = proxyHarness({
      whitelist,
      users: parseUserMap('{"jdoe":"U0123ABCD"}'),
      notifyMention: 'here',
    });
    // The pings lead the top-level text, where Slack notifies; the body keeps its mention.
    const notified = await send(proxy, QUIET, message);
    expect(notified?.text).toBe('<!here> @all failover :x: cc <@U0123ABCD>');
    expect(notified?.attachments?.[0]?.text).toBe('@all failover :x: cc <@U0123ABCD>');
    const quiet = await send(proxy, QUIET, { ...message, notify: false });
    expect(quiet?.text).toBe('@all failover :x: cc <@U0123ABCD>');
    expect(quiet?.attachments?.[0]?.text).toBe('@all failover :x: cc <@U0123ABCD>');
  });
});

describe('sendV1RoomMessage: a v1 message from the same token renders like its v2 notification', () => {
  async function sendV1(proxy: ReturnType<typeof proxyHarness>, token: string) {
    const form = new URLSearchParams({
      room_id: '1234',
      from: 'pager',
      message: message.message,
      message_format: 'text',
      notify: '1',
    });
    const result = await proxy.handler(
      albEvent({
        method: 'POST',
        path: '/v1/rooms/message',
        query: `auth_token=${encodeURIComponent(token)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    return proxy.sent.at(-1);
  }

  it('applies the broadcast grant, the user map and the notify ping', async () => {
    const proxy = proxyHarness({
      whitelist,
      users: parseUserMap('{"jdoe":"U0123ABCD"}'),
      notifyMention: 'here',
    });
    expect((await sendV1(proxy, BROADCASTER))?.text).toBe(
      '<!here> <!channel> failover :x: cc <@U0123ABCD>',
    );
    expect((await sendV1(proxy, QUIET))?.text).toBe('<!here> @all failover :x: cc <@U0123ABCD>');
  });
});

describe('sendRoomNotification: images Slack cannot fetch', () => {
  it('resends a card without its images when Slack answers invalid_blocks', async () => {
    const proxy = proxyHarness({ whitelist });
    proxy.outcomes.push({
      kind: 'rejected',
      slackError: 'invalid_blocks',
      reason: 'payload',
      attempts: 1,
      latencyMs: 5,
    });
    const card = {
      style: 'link',
      title: 'Disk full',
      url: 'https://grafana.internal/d/1',
      thumbnail: { url: 'https://grafana.internal/render/1.png' },
    };
    await send(proxy, QUIET, { message: 'Disk full', card });
    expect(proxy.sent).toHaveLength(2);
    expect(JSON.stringify(proxy.sent[0])).toContain('"accessory"');
    expect(JSON.stringify(proxy.sent[1])).not.toContain('"image"');
    expect(proxy.sent[1]?.text).toBe('Disk full');
  });
});

describe('translationOptionsFor', () => {
  it('builds the text rules once per container: one set per broadcast grant, shared by callers', () => {
    const { deps } = proxyHarness({ users: parseUserMap('{"jdoe":"U0123ABCD"}') });
    const quiet = translationOptionsFor(deps, { label: 'cron', sha256: '' });
    const broadcaster = translationOptionsFor(deps, {
      label: 'pager',
      sha256: '',
      broadcastMentions: true,
    });
    expect(translationOptionsFor(deps, { label: 'other', sha256: '' })).toBe(quiet);
    expect(broadcaster).not.toBe(quiet);
    expect(broadcaster.broadcastMentions).toBe(true);
    expect(quiet.broadcastMentions).toBe(false);
    expect(quiet.textRules).toBeDefined();
    // Another container (another deps) gets its own, from its own user map.
    expect(translationOptionsFor(proxyHarness().deps, { label: 'cron', sha256: '' })).not.toBe(
      quiet,
    );
  });
});
