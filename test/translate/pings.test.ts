import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../src/hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../../src/slack/SlackMessage.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import type { TranslateOptions } from '../../src/translate/translateWith.js';

const PINGS = /<(?:!here|!channel|!everyone|@[UW][A-Z0-9]+)>/g;

function translate(body: Record<string, unknown>, options: TranslateOptions = {}) {
  return translateNotification(notificationSchema.parse(body), options);
}

/** What the channel displays: with top-level blocks, Slack shows them and not `text`. */
function displayed(content: SlackMessageContent): string {
  const top =
    content.blocks === undefined ? [content.text ?? ''] : [JSON.stringify(content.blocks)];
  return [...top, JSON.stringify(content.attachments ?? [])].join('\n');
}

describe('every ping a rule produces is in the top-level text, where Slack notifies', () => {
  it('NOTIFY_MENTION=here: the ping leads the push text and shows once, above the body', () => {
    const content = translate(
      { message: 'Payments API is down', message_format: 'text', color: 'red', notify: true },
      { notifyMention: 'here' },
    );
    expect(content.text).toBe('<!here> Payments API is down');
    expect(content.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '<!here>' } },
    ]);
    expect(displayed(content).match(PINGS)).toEqual(['<!here>']);
    expect(content.attachments?.[0]?.text).toBe('Payments API is down');
  });

  it('NOTIFY_MENTION=channel on an html message', () => {
    const content = translate(
      { message: '<b>Disk full</b> on db-2', notify: true },
      { notifyMention: 'channel' },
    );
    expect(content.text).toBe('<!channel> Disk full on db-2');
    expect(content.attachments?.[0]?.text).toBe('*Disk full* on db-2');
  });

  it('a granted @here/@all: in the top-level text, in place', () => {
    const content = translate(
      { message: '@all failover, @here hold deploys (failed)', message_format: 'text' },
      { broadcastMentions: true },
    );
    expect(content.text).toBe('<!channel> failover, <!here> hold deploys :x:');
    expect(content.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '<!channel> <!here>' } },
    ]);
  });

  it('@name from the user map: in the top-level text', () => {
    const content = translate(
      { message: 'cc @jdoe and @nobody', message_format: 'text' },
      { userMap: { jdoe: 'U0123ABCD' } },
    );
    expect(content.text).toBe('cc <@U0123ABCD> and @nobody');
    expect(content.text?.match(PINGS)).toEqual(['<@U0123ABCD>']);
  });

  it('@ and a HipChat user id pings nobody: the map knows ids for private messages, HipChat pinged by @mention name only', () => {
    const content = translate(
      { message: 'build 564740 by @564740 for @JeffBurns', message_format: 'text' },
      { userMap: { '564740': 'U0JEFF', jeffburns: 'U0JEFF' } },
    );
    expect(content.text).toBe('build 564740 by @564740 for <@U0JEFF>');
  });

  it('a ping past the length of the push text still leads it', () => {
    const message = `${'x'.repeat(5_000)} @jdoe`;
    const content = translate(
      { message, message_format: 'text' },
      { userMap: { jdoe: 'U0123ABCD' } },
    );
    expect(content.text?.startsWith('<@U0123ABCD> xxx')).toBe(true);
    expect(content.text?.length).toBeLessThan(3_100);
  });

  it('a card keeps its message as the top-level text, after the pings', () => {
    const content = translate(
      {
        message: 'Incident opened',
        message_format: 'text',
        notify: true,
        card: {
          style: 'application',
          title: 'Incident #9',
          description: { value: 'Paged @jdoe', format: 'text' },
        },
      },
      { notifyMention: 'here', userMap: { jdoe: 'U0123ABCD' } },
    );
    expect(content.text).toBe('<!here> <@U0123ABCD> Incident opened');
  });

  it('a long list of pings: all in the top-level text, the shown line within one section', () => {
    const names = Array.from({ length: 400 }, (_, i) => `user${i}`);
    const userMap = Object.fromEntries(
      names.map((name, i) => [name, `U${String(i).padStart(8, '0')}`]),
    );
    const content = translate(
      { message: `oncall: ${names.map((n) => `@${n}`).join(' ')}`, message_format: 'text' },
      { userMap },
    );
    expect(content.text?.match(PINGS)).toHaveLength(400);
    const [block] = (content.blocks ?? []) as { text: { text: string } }[];
    expect(block?.text.text.length).toBeLessThanOrEqual(3_000);
    expect(block?.text.text).toMatch(/^<@U00000000> <@U00000001> .* … and \d+ more$/);
  });

  it('a card shows the pings of the message it hides in front of its title', () => {
    const content = translate(
      {
        message: '@here checkout failing',
        message_format: 'text',
        card: { style: 'application', title: 'Incident #9', description: 'Error rate 5%' },
      },
      { broadcastMentions: true },
    );
    const [header] = (content.blocks ?? []) as { text: { text: string } }[];
    expect(header?.text.text).toBe('<!here> *Incident #9*');
    expect(content.text).toBe('<!here> checkout failing');
  });

  it('a token without the broadcast grant pings nobody, anywhere in the payload', () => {
    const content = translate(
      { message: '@all @here @channel <!here> <!channel> (failed)', message_format: 'text' },
      { broadcastMentions: false },
    );
    expect(JSON.stringify(content)).not.toMatch(PINGS);
    expect(content).not.toHaveProperty('text');
    expect(content).not.toHaveProperty('blocks');
  });

  it('a message without pings keeps the plain shape: attachments only', () => {
    const content = translate({ message: 'Build #42 (successful)', message_format: 'text' });
    expect(Object.keys(content)).toEqual(['attachments']);
    expect(content.attachments?.[0]?.fallback).toBe('Build #42 :white_check_mark:');
  });
});
