import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../src/hipchat/notificationSchema.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import {
  MAX_BLOCK_TEXT,
  MAX_FALLBACK_LENGTH,
  MAX_TEXT_LENGTH,
  type TranslateOptions,
} from '../../src/translate/translateWith.js';
import { unsafeParts } from './mrkdwnSafety.js';
import { limitViolations, renderedTexts } from './slackLimits.js';

const USER_MAP = { jdoe: 'U0123ABCD', ops: 'W0456EFGH' };

/** Pieces real and hostile senders put in messages, to build messages from. */
const PIECES = [
  '<b>',
  '</b>',
  '<i>',
  '</i>',
  '<a href="https://ok.example.com/?a=1&b=2">',
  '<a href="javascript:x">',
  '<a href=https://www.bank.example>',
  '</a>',
  '<pre>',
  '</pre>',
  '<code>',
  '</code>',
  '<br>',
  '<ul><li>',
  '</li></ul>',
  '<table><tr><td>',
  '</td><td>',
  '</td></tr></table>',
  '<img src="https://i.example/x.png" alt="x">',
  '<script>',
  '</script>',
  '<!channel>',
  '<!here|here>',
  '&lt;!here&gt;',
  '<@U1>',
  '<#C1|x>',
  '&amp;',
  '&',
  '<',
  '>',
  '|',
  '*',
  '_',
  '~',
  '`',
  '```',
  ' ',
  '\n',
  '\r\n',
  'text',
  '😀',
  '@all',
  '@here',
  '@jdoe',
  '@ops',
  '@nobody',
  'x@jdoe.com',
  '(successful)',
  '(failed)',
  '(tableflip)',
  '(unknown123)',
  ':)',
  ';)',
  'https://ci.example.com/job/1?x=<y>&z',
  'http://a.example/(b)',
  '/code ',
  '/quote ',
  '<!date^1^x|y>',
];

const hostileText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc
      .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 80 })
      .map((parts) => parts.join('').slice(0, maxLength)),
  );

const longText = fc
  .constantFrom(
    '&',
    '<b>x</b>',
    '&lt;',
    '<a href="https://a.example/">x</a>',
    'a\n',
    '(yey)',
    '@all ',
  )
  .map((s) => s.repeat(Math.ceil(10_000 / s.length)).slice(0, 10_000));

const url = fc.oneof(
  fc.constantFrom(
    'https://ci.example.com/job/1',
    'http://x.example/a?b=1&c=<2>',
    'javascript:alert(1)',
    'data:image/png;base64,AA',
    'not a url',
    `https://long.example.com/${'a'.repeat(3_000)}`,
  ),
  fc.webUrl(),
  fc.string({ maxLength: 40 }),
);
const icon = fc.oneof(
  url,
  url.map((u) => ({ url: u })),
);

const card = fc.record(
  {
    style: fc.constantFrom('file', 'image', 'application', 'link', 'media'),
    title: hostileText(500).filter((t) => t.length >= 1),
    id: fc.string({ maxLength: 36 }),
    url,
    format: fc.constantFrom('compact', 'medium'),
    description: fc.oneof(
      hostileText(1000),
      fc.record({
        value: hostileText(1000).filter((t) => t.length >= 1),
        format: fc.constantFrom('html', 'text'),
      }),
    ),
    icon,
    thumbnail: fc.record({ url: url.map((u) => u.slice(0, 250)) }),
    activity: fc.record(
      { html: fc.oneof(hostileText(2000), longText), icon },
      { requiredKeys: ['html'] },
    ),
    attributes: fc.array(
      fc.record(
        {
          label: hostileText(50),
          value: fc.record(
            {
              label: hostileText(3000),
              url,
              style: fc.constantFrom('lozenge-success', 'lozenge-error', 'lozenge'),
            },
            { requiredKeys: ['label'] },
          ),
        },
        { requiredKeys: ['value'] },
      ),
      { maxLength: 40 },
    ),
    date: fc.oneof(fc.integer(), fc.double(), fc.constant(-62_135_596_800)),
  },
  { requiredKeys: ['style', 'title'] },
);

const body = fc.record(
  {
    message: fc.oneof(hostileText(2000), longText).filter((m) => m.length >= 1),
    message_format: fc.constantFrom('html', 'text'),
    color: fc.constantFrom('yellow', 'green', 'red', 'purple', 'gray', 'random'),
    notify: fc.boolean(),
    from: fc.string({ maxLength: 64 }),
    card,
  },
  { requiredKeys: ['message'] },
);

const options = fc.record({
  broadcastMentions: fc.boolean(),
  userMap: fc.constantFrom(undefined, USER_MAP),
  notifyMention: fc.constantFrom(undefined, 'none', 'here', 'channel'),
  random: fc.double({ min: 0, max: 1, noNaN: true }).map((drawn) => () => drawn),
}) as fc.Arbitrary<TranslateOptions>;

/** The `<…>` tokens the explicit rules may produce for these options, beyond built links. */
function allowedTokens(raw: Record<string, unknown>, opts: TranslateOptions): RegExp[] {
  const tokens: RegExp[] = [];
  // Text messages and text card descriptions follow the token's broadcast rule.
  const broadcast = opts.broadcastMentions === true;
  const notify =
    raw.notify === true && opts.notifyMention !== undefined && opts.notifyMention !== 'none';
  if (broadcast || (notify && opts.notifyMention === 'channel')) tokens.push(/<!channel>/g);
  if (broadcast || (notify && opts.notifyMention === 'here')) tokens.push(/<!here>/g);
  if (opts.userMap) tokens.push(/<@(?:U0123ABCD|W0456EFGH)>/g);
  tokens.push(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/g);
  return tokens;
}

describe('translateNotification: for any HipChat message', () => {
  it('never throws, stays within every Slack limit, and lets no unruled < reach Slack', () => {
    fc.assert(
      fc.property(body, options, (raw, opts) => {
        const parsed = notificationSchema.safeParse(raw);
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const content = translateNotification(parsed.data, opts);
        expect(
          limitViolations(content, {
            blockText: MAX_BLOCK_TEXT,
            text: MAX_TEXT_LENGTH,
            // Pieces aim at MAX_ATTACHMENT_TEXT_BYTES and may run on to finish a link: under Slack's cut.
            attachmentBytes: 8_000,
            fallback: MAX_FALLBACK_LENGTH,
          }),
        ).toEqual([]);
        const tokens = allowedTokens(raw, opts);
        for (const { path, text } of renderedTexts(content)) {
          if (path === '$.username') continue;
          const stripped = tokens.reduce((rest, token) => rest.replace(token, ''), text);
          expect(unsafeParts(stripped), path).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps mentions out unless a rule put them there', () => {
    fc.assert(
      fc.property(body, (raw) => {
        const parsed = notificationSchema.safeParse(raw);
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const all = JSON.stringify(translateNotification(parsed.data));
        // Only a card date (`<!date^…>`) may start with `<!`.
        expect(all).not.toMatch(/<(?:[@#]|!(?!date\^))/);
      }),
      { numRuns: 200 },
    );
  });
});
