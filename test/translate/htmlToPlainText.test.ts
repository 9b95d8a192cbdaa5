import { describe, expect, it } from 'vitest';
import { htmlToMrkdwn } from '../../src/translate/htmlToMrkdwn.js';
import { htmlToPlainText } from '../../src/translate/htmlToPlainText.js';

describe('htmlToPlainText', () => {
  it('lays out like htmlToMrkdwn, without markers and without escaping', () => {
    const html =
      '<b>Build #57</b> <i>failed</i><br>Changes:<ul><li>fix &lt;login&gt; &amp; redirect</li></ul><pre>  exit 1</pre>';
    expect(htmlToPlainText(html)).toBe(
      'Build #57 failed\nChanges:\n• fix <login> & redirect\n  exit 1',
    );
    expect(htmlToMrkdwn(html)).toBe(
      '*Build #57* _failed_\nChanges:\n• fix &lt;login&gt; &amp; redirect\n```\n  exit 1\n```',
    );
  });

  it('writes links as "label (url)", or just the URL', () => {
    expect(
      htmlToPlainText(
        '<a href="https://ci.example.com/1">Open</a> <a href="https://ci.example.com/2">https://ci.example.com/2</a> <a href="javascript:x">js</a>',
      ),
    ).toBe('Open (https://ci.example.com/1) https://ci.example.com/2 js');
  });

  it('uses no zero-width spaces (there are no markers to separate)', () => {
    expect(htmlToPlainText('pre<b>fix</b>ed')).toBe('prefixed');
  });
});
