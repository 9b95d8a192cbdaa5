import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/translate/escapeMrkdwn.js';
import { unescapeMrkdwn, unsafeParts } from './mrkdwnSafety.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123ABC> <#C42|ops>', '&lt;@U123ABC&gt; &lt;#C42|ops&gt;'],
    ['R&D', 'R&amp;D'],
    // Text that merely looks escaped is still text: it must show literally.
    ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['&amp;', '&amp;amp;'],
    // Only Slack's three control characters: quotes, apostrophes, markers untouched.
    [`"it's" *bold* _i_ ~s~ \`c\` | :x:`, `"it's" *bold* _i_ ~s~ \`c\` | :x:`],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('round-trips: Slack shows exactly the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(unescapeMrkdwn(escapeMrkdwn(text))).toBe(text);
      }),
    );
  });

  it('never leaves a control character or a bare ampersand', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', ';', 'l', 't', '!', '@') }),
        (text) => {
          expect(unsafeParts(escapeMrkdwn(text))).toEqual([]);
        },
      ),
    );
  });

  it('never double-escapes a correctly unescaped round trip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escapeMrkdwn(unescapeMrkdwn(escaped))).toBe(escaped);
      }),
    );
  });
});
