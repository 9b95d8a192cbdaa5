import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/translate/escapeMrkdwn.js';
import { type TextRule, textToMrkdwn } from '../../src/translate/textToMrkdwn.js';
import { unescapeMrkdwn, unsafeParts } from './mrkdwnSafety.js';

describe('textToMrkdwn', () => {
  it('keeps the raw newlines hipchat-cli sends in text mode', () => {
    expect(
      textToMrkdwn(
        'PROBLEM: web-1/HTTP is CRITICAL\nHTTP CRITICAL - 503 Service Unavailable\n\nsee runbook\n',
      ),
    ).toBe(
      'PROBLEM: web-1/HTTP is CRITICAL\nHTTP CRITICAL - 503 Service Unavailable\n\nsee runbook',
    );
  });

  it('normalises CRLF and CR line endings', () => {
    expect(textToMrkdwn('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('drops leading blank lines and trailing whitespace but keeps indentation', () => {
    expect(textToMrkdwn('\n \n  indented\n  too  \n\n')).toBe('  indented\n  too');
  });

  it.each([
    ['<!channel> deploy done', '&lt;!channel&gt; deploy done'],
    ['ping <!here> and <!everyone>', 'ping &lt;!here&gt; and &lt;!everyone&gt;'],
    ['cc <@U024BE7LH> in <#C0123|ops>', 'cc &lt;@U024BE7LH&gt; in &lt;#C0123|ops&gt;'],
    [
      '<https://evil.example.com|https://bank.example.com>',
      '&lt;https://evil.example.com|https://bank.example.com&gt;',
    ],
    [
      '<!subteam^S123> <!date^1392734382^{date}|x>',
      '&lt;!subteam^S123&gt; &lt;!date^1392734382^{date}|x&gt;',
    ],
  ])('shows %j literally', (text, expected) => {
    expect(textToMrkdwn(text)).toBe(expected);
  });

  it('does not interpret HTML in text format: tags and entities stay as typed', () => {
    expect(textToMrkdwn('<b>not bold</b> &amp; &lt;')).toBe(
      '&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &amp;lt;',
    );
  });

  it('leaves HipChat features for later: (successful), @here, URLs stay plain text', () => {
    expect(textToMrkdwn('(successful) @here https://ci.example.com/1')).toBe(
      '(successful) @here https://ci.example.com/1',
    );
  });

  it('for any text, Slack shows exactly that text and nothing acts as markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = textToMrkdwn(text);
        expect(out).not.toMatch(/[<>]/);
        expect(unsafeParts(out)).toEqual([]);
        const expected = text
          .replace(/\r\n?/g, '\n')
          .replace(/^(?:[ \t]*\n)+/, '')
          .trimEnd();
        expect(unescapeMrkdwn(out)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('textToMrkdwn rules (the seam for emoticons, mentions and links)', () => {
  const successful: TextRule = { pattern: /\(successful\)/, render: () => ':white_check_mark:' };
  const knownUser: TextRule = {
    pattern: /@(\w+)/,
    render: (match) => (match[1] === 'alice' ? '<@U0ALICE>' : undefined),
  };

  it('replaces matches with the markup a rule builds and escapes everything else', () => {
    expect(textToMrkdwn('<b> (successful) by @alice & @bob', [successful, knownUser])).toBe(
      '&lt;b&gt; :white_check_mark: by <@U0ALICE> &amp; @bob',
    );
  });

  it('takes the earliest match, then the rule listed first', () => {
    const word: TextRule = { pattern: /successful/, render: () => 'WORD' };
    expect(textToMrkdwn('(successful)', [word, successful])).toBe(':white_check_mark:');
    expect(textToMrkdwn('x successful', [successful, word])).toBe('x WORD');
  });

  it('ignores global or sticky flags given by the rule and never loops on empty matches', () => {
    const sticky: TextRule = { pattern: /\(successful\)/gy, render: () => ':ok:' };
    const empty: TextRule = { pattern: /x*/, render: () => 'NEVER' };
    expect(textToMrkdwn('a (successful) b (successful)', [sticky])).toBe('a :ok: b :ok:');
    expect(textToMrkdwn('a<b', [empty])).toBe('a&lt;b');
  });

  it('still escapes all content around rule output, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('(', ')', 's', 'u', 'c', 'e', 'f', 'l', '<', '>', '&', '!', ' '),
        }),
        (text) => {
          const out = textToMrkdwn(text, [successful]);
          expect(unsafeParts(out)).toEqual([]);
          expect(unescapeMrkdwn(out.replaceAll(':white_check_mark:', '(successful)'))).toBe(
            text.trimEnd(),
          );
        },
      ),
    );
  });

  it('does not change the rule-free output', () => {
    expect(textToMrkdwn('a <b> c', [])).toBe(escapeMrkdwn('a <b> c'));
  });
});
