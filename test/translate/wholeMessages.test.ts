import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../src/hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../../src/slack/SlackMessage.js';
import { createTextRules } from '../../src/translate/createTextRules.js';
import { escapeMrkdwn } from '../../src/translate/escapeMrkdwn.js';
import { textToMrkdwn } from '../../src/translate/textToMrkdwn.js';
import {
  MAX_ATTACHMENT_TEXT_BYTES,
  translateNotification,
} from '../../src/translate/translateNotification.js';
import { loadCorpus } from './translationCorpus.js';

/** What a reader sees of the body, attachment after attachment, in order. */
function visibleBody(content: SlackMessageContent): string {
  return (content.attachments ?? []).map((attachment) => attachment.text ?? '').join('');
}

/** Asserts each of `expected` occurs in `visible`, each after the one before. */
function expectInOrder(visible: string, expected: readonly string[]): void {
  let position = 0;
  for (const [index, piece] of expected.entries()) {
    const found = visible.indexOf(piece, position);
    expect(found, `piece ${index + 1} of ${expected.length}: ${JSON.stringify(piece)}`).not.toBe(
      -1,
    );
    position = found + piece.length;
  }
}

function expectSlackKeepsEveryAttachment(content: SlackMessageContent, color: string): void {
  const attachments = content.attachments ?? [];
  expect(attachments.length).toBeGreaterThan(1);
  for (const attachment of attachments) {
    expect(attachment.color).toBe(color);
    expect(Buffer.byteLength(attachment.text ?? '')).toBeLessThanOrEqual(MAX_ATTACHMENT_TEXT_BYTES);
    expect(attachment.text).not.toMatch(/truncated|…/);
  }
}

const corpus = new Map(loadCorpus().map((fixture) => [fixture.file, fixture]));

describe('the longest HipChat messages arrive whole and in order', () => {
  it('10,000 characters of html in 200 paragraphs: every paragraph, in order', () => {
    const fixture = corpus.get('55-html-200-paragraphs.json');
    if (fixture === undefined) throw new Error('fixture missing');
    const { message } = fixture.notification;
    expect(message).toHaveLength(10_000);
    const paragraphs = [...message.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1] ?? '');
    expect(paragraphs).toHaveLength(200);
    // Each paragraph as Slack shows it, derived by hand from the two shapes the fixture uses.
    const expected = paragraphs.map((p) =>
      p
        .replace('<b>ok</b>', '*ok*')
        .replace(/<a href="([^"]+)">log<\/a>/, '<$1|log>')
        .replace('R&amp;D', 'R&amp;D'),
    );
    const content = translateNotification(fixture.notification, fixture.options);
    expectSlackKeepsEveryAttachment(content, '#2eb886');
    expectInOrder(visibleBody(content), expected);
    expect(expected.at(-1)).toMatch(/^200: <https:\/\/ci\.io\/200\|log>/);
  });

  it('10,000 characters of text, one result a line: every line, in order', () => {
    const fixture = corpus.get('56-text-10000-characters.json');
    if (fixture === undefined) throw new Error('fixture missing');
    const { message } = fixture.notification;
    expect(message).toHaveLength(10_000);
    const lines = message.split('\n');
    expect(lines.length).toBeGreaterThan(150);
    const expected = lines.map((line) =>
      escapeMrkdwn(line)
        .replace('(successful)', ':white_check_mark:')
        .replace('(failed)', ':x:')
        .replace(/https:\/\/\S+/, (url) => `<${url}>`),
    );
    const content = translateNotification(fixture.notification, fixture.options);
    expectSlackKeepsEveryAttachment(content, '#d00000');
    expectInOrder(visibleBody(content), expected);
  });
});

/** Pieces of real messages, and the characters Slack escaping and splitting care about. */
const PIECE = fc.constantFrom(
  'build',
  ' ',
  '  ',
  '\t',
  '&',
  '<',
  '>',
  '*',
  '_',
  '~',
  '|',
  'é',
  '中',
  '😀',
  '(successful)',
  '(failed)',
  ':)',
  '@here',
  '@jdoe',
  'https://ci.example.com/job/1?a=1&b=2',
  '\n',
  '\n\n',
  '\r\n',
);

describe('for any text message up to 10,000 characters', () => {
  it('every non-empty line is found, escaped, in the payload’s visible text, in order', () => {
    const rules = createTextRules({ broadcastMentions: true, userMap: { jdoe: 'U0123ABCD' } });
    let split = 0;
    const message = fc
      .oneof(
        fc.array(PIECE, { minLength: 1, maxLength: 40 }),
        fc.array(PIECE, { minLength: 1_000, maxLength: 4_000, size: 'max' }),
      )
      .map((pieces) => pieces.join('').slice(0, 10_000))
      .filter((text) => text.trim() !== '');
    fc.assert(
      fc.property(message, (text) => {
        const notification = notificationSchema.parse({ message: text, message_format: 'text' });
        const content = translateNotification(notification, {
          broadcastMentions: true,
          userMap: { jdoe: 'U0123ABCD' },
        });
        if ((content.attachments ?? []).length > 1) split += 1;
        const lines = text
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .filter((line) => line.trim() !== '');
        expectInOrder(
          visibleBody(content),
          lines.map((line) => textToMrkdwn(line, rules)),
        );
      }),
      { numRuns: 60 },
    );
    // The property is about long messages too: many runs must have needed several attachments.
    expect(split).toBeGreaterThan(10);
  });
});
