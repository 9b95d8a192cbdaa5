import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToMrkdwn } from '../../src/translate/htmlToMrkdwn.js';
import { truncateMrkdwn } from '../../src/translate/truncateMrkdwn.js';
import { linksIn, unsafeParts } from './mrkdwnSafety.js';

describe('truncateMrkdwn', () => {
  it('returns text within the limit unchanged', () => {
    expect(truncateMrkdwn('short', 5, '…')).toBe('short');
  });

  it('cuts to the limit, marker included', () => {
    const out = truncateMrkdwn('a'.repeat(100), 20, ' [cut]');
    expect(out).toBe(`${'a'.repeat(10)} [cut]`);
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it('never splits an entity', () => {
    const out = truncateMrkdwn('x'.repeat(8) + '&amp;'.repeat(10), 18, '…');
    expect(out).toBe('xxxxxxxx&amp;…');
    expect(unsafeParts(out)).toEqual([]);
  });

  it('drops a link it would cut instead of leaving half of it', () => {
    const text = `see <https://ci.example.com/job/a/1/|the build log> and more`;
    const out = truncateMrkdwn(text, 30, '…');
    expect(out).toBe('see…');
    expect(unsafeParts(out)).toEqual([]);
  });

  it('closes a code block it cuts', () => {
    const out = truncateMrkdwn(`log:\n\`\`\`\n${'line\n'.repeat(50)}\`\`\``, 60, '…');
    expect(out.endsWith('\n```…')).toBe(true);
    expect(out.split('```')).toHaveLength(3);
    expect(out.length).toBeLessThanOrEqual(60);
  });

  it('never halves a surrogate pair', () => {
    // 11 leaves 7 UTF-16 units after the room kept for a closing fence: 3½ emoji.
    const out = truncateMrkdwn('😀'.repeat(20), 11, '');
    expect(out).toBe('😀'.repeat(3));
  });

  it('keeps any translated HTML safe and within the limit', () => {
    const fragment = fc.constantFrom(
      '<a href="https://ok.example.com/a?b=1&c=2">link &amp; label</a>',
      '&lt;!channel&gt;',
      '<pre>code &lt;x&gt;\nmore</pre>',
      '<b>bold</b> ',
      'plain text ',
      '&amp;',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 60 }),
        fc.integer({ min: 0, max: 400 }),
        (parts, max) => {
          const full = htmlToMrkdwn(parts.join(''));
          const out = truncateMrkdwn(full, max + 20, '\n… _(truncated)_');
          expect(out.length).toBeLessThanOrEqual(max + 20);
          expect(unsafeParts(out)).toEqual([]);
          for (const { url } of linksIn(out))
            expect(url).toBe('https://ok.example.com/a?b=1&amp;c=2');
          expect(out.split('```').length % 2).toBe(1);
        },
      ),
    );
  });
});
