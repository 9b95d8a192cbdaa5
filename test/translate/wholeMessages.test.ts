import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../src/hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../../src/slack/SlackMessage.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import { MAX_ATTACHMENT_TEXT_BYTES } from '../../src/translate/translateWith.js';
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
        // `R&amp;D` is decoded to `R&D` and escaped again for Slack: the same characters.
        .replace(/<a href="([^"]+)">log<\/a>/, '<$1|log>'),
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
      line
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replace('(successful)', ':white_check_mark:')
        .replace('(failed)', ':x:')
        .replace(/https:\/\/\S+/, (url) => `<${url}>`),
    );
    const content = translateNotification(fixture.notification, fixture.options);
    expectSlackKeepsEveryAttachment(content, '#d00000');
    expectInOrder(visibleBody(content), expected);
  });
});

/**
 * Words of real messages, each with how Slack must show it — written out by hand, so the
 * property does not take its expectations from the code under test.
 */
const WORDS: readonly (readonly [string, string])[] = [
  ['build', 'build'],
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['<!channel>', '&lt;!channel&gt;'],
  ['*', '*'],
  ['_', '_'],
  ['|', '|'],
  ['é', 'é'],
  ['中', '中'],
  ['😀', '😀'],
  ['(successful)', ':white_check_mark:'],
  ['(failed)', ':x:'],
  ['(nosuchemoticon)', '(nosuchemoticon)'],
  [':)', ':slightly_smiling_face:'],
  ['@here', '<!here>'],
  ['@jdoe', '<@U0123ABCD>'],
  ['@nobody', '@nobody'],
  ['ops@example.com', 'ops@example.com'],
  ['https://ci.example.com/job/1?a=1&b=2', '<https://ci.example.com/job/1?a=1&amp;b=2>'],
];

/** A Kibana-style URL of ~3,200 characters: escaped, a link of ~6,400 bytes, more than a piece. */
const LONG_URL = `https://kibana.example.com/app#/?${'a=1&'.repeat(800)}end`;

const line = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }), weight: 30 },
  {
    arbitrary: fc.constant([[LONG_URL, `<${LONG_URL.replaceAll('&', '&amp;')}>`] as const]),
    weight: 1,
  },
);

describe('for any text message up to 10,000 characters', () => {
  it('the visible text is every line, escaped and translated, in order, and nothing else (quotes and links longer than a piece included)', () => {
    let split = 0;
    const message = fc
      .tuple(
        fc.oneof(
          fc.array(line, { minLength: 1, maxLength: 5 }),
          fc.array(line, { minLength: 100, maxLength: 600, size: 'max' }),
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', '/quote '),
      )
      .map(([lines, eol, paste]) => {
        // Whole lines only, up to HipChat's 10,000 characters.
        const kept: (typeof lines)[number][] = [];
        let length = paste.length;
        for (const words of lines) {
          const text = words.map(([raw]) => raw).join(' ');
          if (length + text.length + eol.length > 10_000) break;
          kept.push(words);
          length += text.length + eol.length;
        }
        return { lines: kept, eol, paste };
      })
      .filter(({ lines }) => lines.length > 0);
    fc.assert(
      fc.property(message, ({ lines, eol, paste }) => {
        const text = paste + lines.map((words) => words.map(([raw]) => raw).join(' ')).join(eol);
        const notification = notificationSchema.parse({ message: text, message_format: 'text' });
        const content = translateNotification(notification, {
          broadcastMentions: true,
          userMap: { jdoe: 'U0123ABCD' },
        });
        if ((content.attachments ?? []).length > 1) split += 1;
        // A `/quote ` message shows every line as a quote.
        const quote = paste === '' ? '' : '&gt; ';
        const expected = lines.map((words) => quote + words.map(([, shown]) => shown).join(' '));
        expect(visibleBody(content)).toBe(expected.join('\n'));
        for (const attachment of content.attachments ?? []) {
          expect(Buffer.byteLength(attachment.text ?? '')).toBeLessThan(8_000);
        }
      }),
      { numRuns: 80 },
    );
    // The property is about long messages too: many runs must have needed several attachments.
    expect(split).toBeGreaterThan(10);
  });
});
