import { describe, expect, it } from 'vitest';
import { slackRefusal } from '../../scripts/fakes/slackMessageRules.js';
import { createRetryConsumer } from '../../src/queue/createRetryConsumer.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import { withLateNote } from '../../src/translate/withLateNote.js';

const SENT = new Date('2026-12-02T09:30:00Z');
const at = (minutes: number) => new Date(SENT.getTime() + minutes * 60_000);
const noteOf = (message: SlackMessage) =>
  JSON.stringify(message.attachments?.at(-1)?.blocks?.[0] ?? {});

describe('withLateNote', () => {
  it("says when it was sent (each reader's own time zone) and how late, in a context line at the end", () => {
    const message: SlackMessage = {
      channel: 'C1',
      attachments: [{ color: '#2eb886', fallback: 'Build passed', text: 'Build passed' }],
    };
    const late = withLateNote(message, { sentAt: SENT, deliveredAt: at(65) });
    expect(late.attachments?.[0]).toEqual(message.attachments?.[0]);
    expect(late.attachments?.[1]).toEqual({
      fallback: 'Sent 2026-12-02 09:30 UTC, delivered 1 h 5 min late',
      blocks: [
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: ':hourglass: Sent <!date^1796203800^{date_short_pretty} at {time}|2026-12-02 09:30 UTC>, delivered 1 h 5 min late (Slack could not take it earlier)',
            },
          ],
        },
      ],
    });
    expect(message.attachments).toHaveLength(1);
  });

  it.each([
    [6, '6 min'],
    [120, '2 h'],
    [60 * 24 * 4 + 180, '4 d 3 h'],
  ])('words %i minutes as %s', (minutes, words) => {
    expect(
      noteOf(
        withLateNote({ channel: 'C1', text: 'x' }, { sentAt: SENT, deliveredAt: at(minutes) }),
      ),
    ).toContain(`delivered ${words} late`);
  });

  it('fits every message shape Slack would otherwise accept: plain, text-only, with pings', () => {
    const shapes: SlackMessage[] = [
      {
        channel: 'C1',
        ...translateNotification({
          message: 'Deploy <b>done</b>',
          color: 'green',
          message_format: 'html',
          notify: false,
        }),
      },
      { channel: 'C1', text: 'a room message' },
      {
        channel: 'C1',
        ...translateNotification(
          { message: '@here disk full', message_format: 'text', color: 'red', notify: false },
          { broadcastMentions: true },
        ),
      },
    ];
    for (const message of shapes) {
      expect(slackRefusal(message as unknown as Record<string, unknown>)).toBeUndefined();
      const late = withLateNote(message, { sentAt: SENT, deliveredAt: at(10) });
      expect(slackRefusal(late as unknown as Record<string, unknown>)).toBeUndefined();
      // The body is untouched: only an attachment is added at the end.
      expect({ ...late, attachments: late.attachments?.slice(0, -1) }).toEqual({
        ...message,
        attachments: message.attachments ?? [],
      });
    }
  });
});

describe('the retry consumer adds the note', () => {
  it('to a message delivered more than afterMs after it was accepted, and only then', async () => {
    const posted: SlackMessage[] = [];
    const consume = (agoMinutes: number, lateNote = true) =>
      createRetryConsumer({
        delivery: {
          async deliver(message) {
            posted.push(message);
            return { kind: 'delivered', attempts: 1, latencyMs: 1 };
          },
        },
        control: { async retryLater() {}, async deadLetter() {} },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        minDelayMs: 100,
        maxDelayMs: 1_000,
        maxAgeMs: 86_400_000,
        slackDeadlineMs: 1_000,
        now: () => at(agoMinutes),
        ...(lateNote ? { lateNote: { afterMs: 300_000, add: withLateNote } } : {}),
      })({
        Records: [
          {
            messageId: 'q',
            receiptHandle: 'h',
            body: JSON.stringify({
              id: 'a',
              message: { channel: 'C1', text: 'late alert' },
              room: '1234',
              acceptedAt: SENT.toISOString(),
              lastError: 'http_503',
            }),
            attributes: {
              ApproximateReceiveCount: '2',
              SentTimestamp: '0',
              SenderId: 'x',
              ApproximateFirstReceiveTimestamp: '0',
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:retry.fifo',
            awsRegion: 'eu-west-1',
          },
        ],
      });
    await consume(4);
    await consume(6);
    await consume(60, false);
    expect(posted.map((m) => m.attachments?.length ?? 0)).toEqual([0, 1, 0]);
    expect(noteOf(posted[1] as SlackMessage)).toContain('delivered 6 min late');
  });
});
