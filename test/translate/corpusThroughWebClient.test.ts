import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createSlackDelivery } from '../../src/slack/createSlackDelivery.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import { inMemoryTokenProvider } from '../support/inMemoryTokenProvider.js';
import { testSecret } from '../support/secrets.js';
import { loadCorpus } from './translationCorpus.js';

const TOKEN = testSecret('corpus-e2e-bot-token-0000000000000000000000');
const CHANNEL = 'C0123456789';
const corpus = loadCorpus();

let slack: FakeSlack;
const warnings: string[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ isValidToken: (token) => token === TOKEN });
});

afterAll(async () => {
  await slack.close();
});

describe('every corpus message, through the real WebClient, reaches Slack as built', () => {
  const delivery = () =>
    createSlackDelivery({
      tokens: inMemoryTokenProvider(TOKEN),
      slackApiUrl: slack.url,
      deadlineMs: 5_000,
      logger: { warn: (message) => warnings.push(message) },
    });

  it('posts each translated payload once, unchanged, and Slack accepts it', async () => {
    const client = delivery();
    for (const fixture of corpus) {
      const content = translateNotification(fixture.notification, fixture.options);
      const before = slack.requests.length;
      const outcome = await client.deliver({ ...content, channel: CHANNEL });
      expect(outcome.kind, fixture.file).toBe('delivered');
      expect(slack.requests.length - before, fixture.file).toBe(1);
      const request = slack.requests.at(-1);
      expect(request?.method).toBe('chat.postMessage');
      expect(request?.token).toBe(TOKEN);
      // What Slack received is exactly the golden payload, addressed to the channel.
      expect(request?.body, fixture.file).toStrictEqual({ ...fixture.expected, channel: CHANNEL });
      // And Slack shows all of it: no attachment text past its silent cut.
      expect(request?.attachmentTextsCut, fixture.file).toBe(0);
    }
    expect(slack.requests).toHaveLength(corpus.length);
    // The SDK warns when a message lacks its notification fallback: none may.
    expect(warnings).toEqual([]);
  });
});
