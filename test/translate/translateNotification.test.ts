import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../src/hipchat/notificationSchema.js';
import { COLOR_HEX } from '../../src/translate/colorToHex.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import {
  CONTINUED,
  EMPTY_MESSAGE,
  MAX_ATTACHMENT_TEXT_BYTES,
  MAX_FALLBACK_LENGTH,
} from '../../src/translate/translateWith.js';
import { linksIn, unsafeParts } from './mrkdwnSafety.js';

/** The body as the edge delivers it: validated, defaults applied. */
const notification = (body: Record<string, unknown>) => notificationSchema.parse(body);

describe('translateNotification: real senders', () => {
  it('hipchat-cli v2 text mode from Nagios: raw newlines, gray, from', () => {
    const result = translateNotification(
      notification({
        color: 'gray',
        from: 'nagios',
        message: 'PROBLEM: db-2/Disk is WARNING\nDISK WARNING - free space: / 812 MB (8%)\n',
        message_format: 'text',
        notify: 'true',
      }),
    );
    expect(result).toEqual({
      username: 'nagios',
      attachments: [
        {
          color: '#9e9e9e',
          fallback: 'PROBLEM: db-2/Disk is WARNING\nDISK WARNING - free space: / 812 MB (8%)',
          text: 'PROBLEM: db-2/Disk is WARNING\nDISK WARNING - free space: / 812 MB (8%)',
          mrkdwn_in: ['text'],
        },
      ],
    });
  });

  it('Alertmanager text with an injected broadcast mention: shown, not pinged', () => {
    const [attachment] =
      translateNotification(
        notification({
          from: 'alertmanager',
          notify: false,
          message: '<!channel> FIRING: HighLatency <https://evil.example.com|runbook>',
          message_format: 'text',
          color: 'red',
        }),
      ).attachments ?? [];
    // The URL is linked as itself: the bracketed label cannot disguise it.
    expect(attachment?.text).toBe(
      '&lt;!channel&gt; FIRING: HighLatency &lt;<https://evil.example.com/|https://evil.example.com>|runbook&gt;',
    );
    expect(attachment?.fallback).toBe(
      '&lt;!channel&gt; FIRING: HighLatency &lt;https://evil.example.com|runbook&gt;',
    );
  });
});

describe('translateNotification: mapping rules', () => {
  it('puts no top-level text and exactly one attachment', () => {
    const result = translateNotification(notification({ message: 'hi' }));
    expect(result).toEqual({
      attachments: [{ color: '#f2c744', fallback: 'hi', text: 'hi', mrkdwn_in: ['text'] }],
    });
  });

  it('uses the injected random source for color "random", and yellow without one', () => {
    const random = notification({ message: 'x', color: 'random' });
    expect(translateNotification(random).attachments?.[0]?.color).toBe(COLOR_HEX.yellow);
    expect(translateNotification(random, { random: () => 0.99 }).attachments?.[0]?.color).toBe(
      COLOR_HEX.gray,
    );
    expect(translateNotification(random, { random: () => 0.5 }).attachments?.[0]?.color).toBe(
      COLOR_HEX.red,
    );
  });

  it('omits a blank username', () => {
    expect(translateNotification(notification({ message: 'x', from: '   ' }))).not.toHaveProperty(
      'username',
    );
  });

  it('passes text rules to text-format messages only', () => {
    const textRules = [{ pattern: /\(successful\)/, render: () => ':white_check_mark:' }];
    const text = notification({ message: '(successful)', message_format: 'text' });
    const html = notification({ message: '(successful)', message_format: 'html' });
    expect(translateNotification(text, { textRules }).attachments?.[0]?.text).toBe(
      ':white_check_mark:',
    );
    expect(translateNotification(html, { textRules }).attachments?.[0]?.text).toBe('(successful)');
  });

  it.each([
    ['html', '<script>alert(1)</script><b> </b><br>'],
    ['html', '<img src="cid:only-an-inline-image">'],
    ['text', ' \n\t '],
  ])('never sends an empty %s body (Slack would reject it)', (format, message) => {
    const [attachment] =
      translateNotification(notification({ message, message_format: format })).attachments ?? [];
    expect(attachment?.text).toBe(EMPTY_MESSAGE);
    expect(attachment?.fallback).toBe(EMPTY_MESSAGE);
  });

  it('sends the longest HipChat message whole, in attachments of one color, no link or entity cut', () => {
    const message =
      `${'<a href="https://ci.example.com/a?b=1&c=2">R&amp;D &lt;log&gt;</a> '.repeat(150)}`.slice(
        0,
        10_000,
      );
    const { attachments = [] } = translateNotification(
      notification({ message, message_format: 'html', color: 'red' }),
    );
    expect(attachments.length).toBeGreaterThan(1);
    for (const attachment of attachments) {
      expect(attachment.color).toBe('#d00000');
      expect(Buffer.byteLength(attachment.text ?? '')).toBeLessThanOrEqual(
        MAX_ATTACHMENT_TEXT_BYTES,
      );
      expect(unsafeParts(attachment.text ?? '')).toEqual([]);
      expect(attachment.text).not.toContain('truncated');
    }
    const links = attachments.flatMap((a) => linksIn(a.text ?? ''));
    // Every link the sender closed arrives (the cut-off last one has no end tag, only text).
    expect(links).toHaveLength(message.split('</a>').length - 1);
    expect(links.length).toBeGreaterThan(140);
    expect(new Set(links.map((l) => l.label))).toEqual(new Set(['R&amp;D &lt;log&gt;']));
    expect(attachments[0]?.fallback.length).toBeLessThanOrEqual(MAX_FALLBACK_LENGTH);
    expect(attachments.slice(1).every((a) => a.fallback === CONTINUED)).toBe(true);
  });

  it("keeps a long link whole in one attachment, and writes one past Slack's cut as text", () => {
    const kibana = (n: number) => `https://kibana.example.com/app#/?${'a=1&'.repeat(n)}end`;
    const message = `<p>${'x'.repeat(3_000)}</p><a href="${kibana(700)}">Open in Kibana</a><p>${'y'.repeat(2_000)}</p>`;
    const { attachments = [] } = translateNotification(
      notification({ message, message_format: 'html' }),
    );
    const links = attachments.flatMap((a) => linksIn(a.text ?? ''));
    expect(links).toEqual([{ url: kibana(700).replaceAll('&', '&amp;'), label: 'Open in Kibana' }]);
    for (const a of attachments) expect(Buffer.byteLength(a.text ?? '')).toBeLessThan(8_000);

    const huge = translateNotification(
      notification({
        message: `<a href="${kibana(2_000)}">Open in Kibana</a>`,
        message_format: 'html',
      }),
    );
    const text = (huge.attachments ?? []).map((a) => a.text).join('');
    expect(linksIn(text)).toEqual([]);
    expect(unsafeParts(text)).toEqual([]);
    expect(text).toBe(`Open in Kibana ${kibana(2_000).replaceAll('&', '&amp;')}`);
  });

  it('finishes a link longer than a piece with what wraps it: no lone `*` or bullet', () => {
    // Escaped, each link is ~6,400 bytes: more than a piece, less than Slack's cut.
    const kibana = `https://kibana.example.com/app#/?${'a=1&'.repeat(800)}end`;
    const shown = `<${kibana.replaceAll('&', '&amp;')}`;
    const message =
      `<b><a href="${kibana}">Open in Kibana</a></b>` +
      `<ul><li><a href="${kibana}">again</a></li></ul>`;
    const { attachments = [] } = translateNotification(
      notification({ message, message_format: 'html' }),
    );
    const texts = attachments.map((a) => (a.text ?? '').trim());
    expect(texts).toEqual([`*${shown}|Open in Kibana>*`, `• ${shown}|again>`]);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeGreaterThan(6_000);
  });

  it('a card of only a title shows the message and its pings once', () => {
    const content = translateNotification(
      notification({
        message: '@here deploy done',
        message_format: 'text',
        notify: true,
        card: { style: 'link', title: 'Deploy #7' },
      }),
      { broadcastMentions: true, notifyMention: 'channel' },
    );
    const [header] = (content.blocks ?? []) as { text: { text: string } }[];
    expect(header?.text.text).toBe('<!channel> *Deploy #7*');
    expect(content.attachments?.[0]?.text).toBe('<!here> deploy done');
    expect(content.text).toBe('<!channel> <!here> deploy done');
  });

  it('keeps a card URL too long for its title: it leads the continuation', () => {
    const url = `https://grafana.example.com/explore?left=${'%7B%22a%22%3A1%7D'.repeat(200)}`;
    const content = translateNotification(
      notification({
        message: 'Alert',
        card: { style: 'link', title: 'Alert', url, description: 'CPU high' },
      }),
    );
    const [header] = (content.blocks ?? []) as { text: { text: string } }[];
    expect(header?.text.text).toBe('*Alert*');
    const continuation = content.attachments?.at(-1);
    expect(continuation?.text).toBe(`<${url}>`);
    expect(continuation?.fallback).toBe(CONTINUED);
  });

  it('sends a body that escaping grows fivefold whole', () => {
    const { attachments = [] } = translateNotification(
      notification({ message: '&'.repeat(10_000), message_format: 'text' }),
    );
    expect(attachments.map((a) => a.text).join('')).toBe('&amp;'.repeat(10_000));
    for (const attachment of attachments) {
      expect(Buffer.byteLength(attachment.text ?? '')).toBeLessThanOrEqual(
        MAX_ATTACHMENT_TEXT_BYTES,
      );
    }
  });
});

describe('translateNotification: properties', () => {
  const message = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          '<b>',
          '</b>',
          '<a href="https://ok.example.com/?a=1&b=2">',
          '<a href="javascript:x">',
          '</a>',
          '<pre>',
          '</pre>',
          '<br>',
          '<!channel>',
          '&lt;!here&gt;',
          '<@U1>',
          '&amp;',
          '&',
          '<',
          '>',
          ' ',
          '\n',
          'text',
          '😀',
        ),
        { minLength: 1, maxLength: 60 },
      )
      .map((parts) => parts.join('')),
    fc
      .constantFrom('&', '<b>x</b>', '&lt;')
      .map((s) => s.repeat(Math.ceil(10_000 / s.length)).slice(0, 10_000)),
  );
  const body = fc.record({
    message,
    message_format: fc.constantFrom('html', 'text'),
    color: fc.constantFrom('yellow', 'green', 'red', 'purple', 'gray', 'random'),
    from: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }),
  });

  it('always produces safe, non-empty attachments of one color within Slack limits', () => {
    fc.assert(
      fc.property(body, fc.double({ min: 0, max: 1, noNaN: true }), (raw, drawn) => {
        const result = translateNotification(notification(raw), { random: () => drawn });
        // Nothing pings without a rule, so there is no top-level text to show twice.
        expect(result).not.toHaveProperty('text');
        const attachments = result.attachments ?? [];
        expect(attachments.length).toBeGreaterThanOrEqual(1);
        const [first] = attachments;
        expect(Object.values(COLOR_HEX)).toContain(first?.color);
        const fallback = first?.fallback ?? '';
        expect(fallback.trim()).not.toBe('');
        expect(fallback.length).toBeLessThanOrEqual(MAX_FALLBACK_LENGTH);
        expect(fallback).not.toMatch(/[<>]/);
        expect(unsafeParts(fallback)).toEqual([]);
        for (const attachment of attachments) {
          expect(attachment.color).toBe(first?.color);
          expect(attachment.mrkdwn_in).toEqual(['text']);
          const text = attachment.text ?? '';
          expect(text.trim()).not.toBe('');
          expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_ATTACHMENT_TEXT_BYTES);
          expect(unsafeParts(text)).toEqual([]);
          for (const { url } of linksIn(text)) {
            expect(url).toBe('https://ok.example.com/?a=1&amp;b=2');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('translateNotification: line endings', () => {
  it('normalises CRLF in the text fallback as in the body', () => {
    const [attachment] =
      translateNotification(notification({ message: 'a\r\nb', message_format: 'text' }))
        .attachments ?? [];
    expect(attachment?.text).toBe('a\nb');
    expect(attachment?.fallback).toBe('a\nb');
  });
});

describe('translateNotification: cards at the edge of the limits', () => {
  it('keeps the title section within 3,000 characters even with a notify ping in front', () => {
    const content = translateNotification(
      notification({
        message: 'x',
        notify: true,
        card: {
          style: 'link',
          title: '&'.repeat(500),
          url: `https://a.example/${'a'.repeat(475)}`,
        },
      }),
      { notifyMention: 'channel' },
    );
    const header = content.blocks?.[0] as { text: { text: string } };
    expect(header.text.text.startsWith('<!channel> *')).toBe(true);
    expect(header.text.text.length).toBeLessThanOrEqual(3_000);
  });
});
