import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/translate/escapeMrkdwn.js';
import { htmlToMrkdwn } from '../../src/translate/htmlToMrkdwn.js';
import { expectedTargets, linksIn, unescapeMrkdwn, unsafeParts } from './mrkdwnSafety.js';

const ZWSP = '\u200b';

describe('htmlToMrkdwn: messages real clients send', () => {
  it('Jenkins hipchat-plugin completion message (JobCompleted template)', () => {
    expect(
      htmlToMrkdwn(
        'billing-api #1234 Build failed after 3 min 12 sec (<a href="https://jenkins.example.com/job/billing-api/1234/">Open</a>)',
      ),
    ).toBe(
      'billing-api #1234 Build failed after 3 min 12 sec (<https://jenkins.example.com/job/billing-api/1234/|Open>)',
    );
  });

  it('Jenkins HTML build report with <br>, bold, links and a change list', () => {
    const html = [
      '<b>Build #57 of web-frontend: FAILURE</b><br>',
      'Triggered by <i>SCM change</i><br>\n',
      'Changes:<ul>\n  <li>Fix login redirect (<a href="mailto:alice@example.com">alice</a>)</li>\n',
      '  <li>Bump deps &amp; lockfile</li>\n</ul>',
      '<a href="https://jenkins.example.com/job/web-frontend/57/console">Console output</a>',
    ].join('');
    expect(htmlToMrkdwn(html)).toBe(
      [
        '*Build #57 of web-frontend: FAILURE*',
        'Triggered by _SCM change_',
        'Changes:',
        '• Fix login redirect (<mailto:alice@example.com|alice>)',
        '• Bump deps &amp; lockfile',
        '<https://jenkins.example.com/job/web-frontend/57/console|Console output>',
      ].join('\n'),
    );
  });

  it('Grafana alert: unquoted href with a raw & in the query', () => {
    const html =
      '[Alerting] CPU usage in state Alerting<br><a href=http://grafana.example.com/d/abc/node?orgId=1&panelId=2>Check Dasboard</a><br>web-1.cpu :: 97.25<br> CPU above 90% for 5m';
    expect(htmlToMrkdwn(html)).toBe(
      [
        '[Alerting] CPU usage in state Alerting',
        '<http://grafana.example.com/d/abc/node?orgId=1&amp;panelId=2|Check Dasboard>',
        'web-1.cpu :: 97.25',
        'CPU above 90% for 5m',
      ].join('\n'),
    );
  });

  it('hipchat-cli html mode: newlines already turned into <br />, URLs wrapped in <a>', () => {
    const html =
      'Deploy of <a href="https://deploy.example.com/r/991">https://deploy.example.com/r/991</a> finished<br />\nhost: app-3<br />\n';
    expect(htmlToMrkdwn(html)).toBe(
      'Deploy of <https://deploy.example.com/r/991> finished\nhost: app-3',
    );
  });

  it('table rows become readable lines', () => {
    const html =
      '<table><tr><th>Service</th><th>Status</th></tr><tr><td>db</td><td><b>DOWN</b></td></tr><tr><td>cache</td><td></td><td>n/a</td></tr></table>';
    expect(htmlToMrkdwn(html)).toBe('Service | Status\ndb | *DOWN*\ncache | n/a');
  });
});

describe('htmlToMrkdwn: formatting', () => {
  it.each([
    ['<b>x</b> <strong>y</strong>', '*x* *y*'],
    ['<i>x</i> <em>y</em>', '_x_ _y_'],
    ['<s>x</s> <strike>y</strike> <del>z</del>', '~x~ ~y~ ~z~'],
    ['<code>npm ci</code>', '`npm ci`'],
    ['<u>under</u> <span style="color:red">red</span> <font>f</font>', 'under red f'],
    ['<h2>Summary</h2>all good', '*Summary*\n\nall good'],
    ['<b><i>both</i></b>', '*_both_*'],
    ['<b>outer <b>inner</b> again</b>', '*outer inner again*'],
    ['<code><b>no markers in code</b></code>', '`no markers in code`'],
  ])('%j → %j', (html, expected) => {
    expect(htmlToMrkdwn(html)).toBe(expected);
  });

  it('emits no markers around empty or whitespace-only content', () => {
    expect(htmlToMrkdwn('a<b></b>b <i> </i>c <s>&nbsp;</s>d <code>  </code>e')).toBe(
      'ab c \u00a0d e',
    );
  });

  it('moves edge whitespace outside the markers, where Slack needs it', () => {
    expect(htmlToMrkdwn('status:<b> OK </b>now')).toBe('status: *OK* now');
  });

  it('separates markers from adjacent letters with a zero-width space', () => {
    expect(htmlToMrkdwn('pre<b>fix</b>ed')).toBe(`pre${ZWSP}*fix*${ZWSP}ed`);
    expect(htmlToMrkdwn('<b>a</b><i>b</i>')).toBe(`*a*${ZWSP}_b_`);
    // Punctuation and spaces already are boundaries.
    expect(htmlToMrkdwn('(<b>x</b>)')).toBe('(*x*)');
  });

  it('closes and reopens markers around line breaks (Slack markers do not span lines)', () => {
    expect(htmlToMrkdwn('<b>line one<br>line two</b>')).toBe('*line one*\n*line two*');
  });

  it('leaves backticks alone by not code-formatting spans that contain one', () => {
    expect(htmlToMrkdwn('<code>a`b</code>')).toBe('a`b');
  });
});

describe('htmlToMrkdwn: blocks and whitespace', () => {
  it('collapses whitespace like a browser', () => {
    expect(htmlToMrkdwn('  many \n\t spaces   here  ')).toBe('many spaces here');
  });

  it('keeps non-breaking spaces', () => {
    expect(htmlToMrkdwn('a&nbsp;&nbsp;b')).toBe('a\u00a0\u00a0b');
  });

  it('separates paragraphs with a blank line and divs with a line break', () => {
    expect(htmlToMrkdwn('<p>one</p><p>two</p><div>three</div><div>four</div>')).toBe(
      'one\n\ntwo\n\nthree\nfour',
    );
  });

  it('counts consecutive <br> but drops leading and trailing breaks', () => {
    expect(htmlToMrkdwn('<br>a<br><br>b<br><br>')).toBe('a\n\nb');
  });

  it('renders pre as a code block, whitespace kept, entities decoded once', () => {
    expect(
      htmlToMrkdwn('before<pre>\n$ make\n  cc -o app main.c &amp;&amp; ./app &lt;in\n</pre>after'),
    ).toBe('before\n```\n$ make\n  cc -o app main.c &amp;&amp; ./app &lt;in\n```\nafter');
  });

  it('shows a pre that contains a fence without fencing it', () => {
    expect(htmlToMrkdwn('<pre>```\nx\n```</pre>')).toBe('```\nx\n```');
  });

  it('renders nested and ordered lists', () => {
    const html =
      '<ul><li>one<ul><li>one.a</li><li>one.b<ol><li>deep</li></ol></li></ul></li><li>two</li></ul><ol start="3"><li>three</li><li>four<br>more</li></ol>';
    expect(htmlToMrkdwn(html)).toBe(
      [
        '• one',
        '  ◦ one.a',
        '  ◦ one.b',
        '    1. deep',
        '• two',
        '3. three',
        '4. four',
        '   more',
      ].join('\n'),
    );
  });

  it('renders images as links to their source, or their alt text', () => {
    expect(
      htmlToMrkdwn(
        '<img src="https://grafana.example.com/render/p.png" alt="CPU graph"> <img src="https://img.example.com/x.png"> <img src="cid:abc" alt="inline"> <img src="javascript:x" alt="">',
      ),
    ).toBe(
      '<https://grafana.example.com/render/p.png|CPU graph> <https://img.example.com/x.png> inline',
    );
  });

  it('drops script, style and comments', () => {
    expect(
      htmlToMrkdwn(
        '<style>b{color:red}</style>ok<script>alert("<!channel>")</script><!-- <!here> -->!',
      ),
    ).toBe('ok!');
  });
});

describe('htmlToMrkdwn: links', () => {
  it('only links http, https and mailto; other links keep their text', () => {
    expect(
      htmlToMrkdwn(
        '<a href="javascript:alert(1)">a</a> <a href="/relative">b</a> <a>c</a> <a href="ftp://x.example.com/">d</a> <a href="https://ok.example.com/">e</a>',
      ),
    ).toBe('a b c d <https://ok.example.com/|e>');
  });

  it('keeps formatting outside the link and uses the plain text as label', () => {
    expect(htmlToMrkdwn('<b><a href="https://ci.example.com/1">Build <i>#1</i></a></b>')).toBe(
      '*<https://ci.example.com/1|Build #1>*',
    );
  });

  it('cannot be broken out of by | or > in the href or the label', () => {
    const out = htmlToMrkdwn(
      '<a href="https://ok.example.com/a|https://evil.example.com>x">real &gt; label | &lt;!channel&gt;</a>',
    );
    expect(out).toBe(
      '<https://ok.example.com/a%7Chttps://evil.example.com%3Ex|real &gt; label ∣ &lt;!channel&gt;>',
    );
    expect(linksIn(out)).toHaveLength(1);
    expect(unsafeParts(out)).toEqual([]);
  });

  it('uses the image alt text as label and falls back to the bare URL', () => {
    expect(
      htmlToMrkdwn(
        '<a href="https://ok.example.com/"><img src="https://ok.example.com/logo.png" alt="Logo"></a> <a href="https://ok.example.com/x"> </a>',
      ),
    ).toBe('<https://ok.example.com/|Logo> <https://ok.example.com/x>');
  });

  it('shows links inside code as their text', () => {
    expect(htmlToMrkdwn('<code><a href="https://ok.example.com/">x</a></code>')).toBe('`x`');
  });
});

describe('htmlToMrkdwn: escaping exactly once', () => {
  it.each([
    // Decoded by the parser, then escaped once: Slack shows what a browser showed.
    ['&lt;!channel&gt;', '&lt;!channel&gt;'],
    ['&#60;!here&#62; &#x3C;@U024BE7LH&#x3E;', '&lt;!here&gt; &lt;@U024BE7LH&gt;'],
    ['&amp;lt;', '&amp;lt;'],
    ['AT&amp;T and AT&T', 'AT&amp;T and AT&amp;T'],
    ['a < b > c', 'a &lt; b &gt; c'],
    ['caf&eacute; &copy; &hellip;', 'café © …'],
    [
      '&lt;http://evil.example.com|http://bank.example.com&gt;',
      '&lt;http://evil.example.com|http://bank.example.com&gt;',
    ],
    // Not a tag to an HTML parser: plain text, escaped.
    ['<@U123> <#C42>', '&lt;@U123&gt; &lt;#C42&gt;'],
  ])('%j → %j', (html, expected) => {
    expect(htmlToMrkdwn(html)).toBe(expected);
  });

  it('treats <!channel> in HTML as a declaration a browser would not show', () => {
    expect(htmlToMrkdwn('hi <!channel> there')).toBe('hi there');
  });
});

describe('htmlToMrkdwn: malformed HTML', () => {
  it.each([
    ['<b>unclosed bold', '*unclosed bold*'],
    ['stray </i>close</b>', 'stray close'],
    ['<b>crossed <i>tags</b> here</i>', '*crossed _tags_* here'],
    ['<p>para<p>para<div>x', 'para\n\npara\n\nx'],
    ['<a href="https://ok.example.com/">open link', '<https://ok.example.com/|open link>'],
    ['<li>no list</li><li>at all', '• no list\n• at all'],
    ['<b', ''],
    ['a <', 'a &lt;'],
    ['<img src=x alt="a"', ''],
  ])('%j → %j', (html, expected) => {
    expect(htmlToMrkdwn(html)).toBe(expected);
  });

  it('survives very deep nesting', () => {
    expect(htmlToMrkdwn(`${'<div><span><b>'.repeat(3000)}deep`)).toBe('*deep*');
  });
});

/** Fragments that exercise the parser, the escaping and the link builder together. */
const htmlFragment = fc.oneof(
  fc.constantFrom(
    '<b>',
    '</b>',
    '<i>',
    '</i>',
    '<code>',
    '</code>',
    '<pre>',
    '</pre>',
    '<br>',
    '<p>',
    '</p>',
    '<ul><li>',
    '</li>',
    '</ul>',
    '<ol>',
    '<table><tr><td>',
    '</td><td>',
    '<script>',
    '</script>',
    '<a href="https://ok.example.com/x?a=1&b=2">',
    '<a href=http://ok.example.com/|x>',
    '<a href="https://ok.example.com/a|<!channel>">',
    '<a href="mailto:ops@example.com">',
    '<a href="javascript:alert(1)">',
    '<a href="">',
    '</a>',
    '<img src="https://img.example.com/a.png" alt="',
    '<img src="data:image/png;base64,AA" alt="',
    '">',
    '<!channel>',
    '<!here>',
    '<@U123>',
    '<#C123|general>',
    '<http://evil.example.com|innocent>',
    '&lt;!channel&gt;',
    '&#60;!here&#62;',
    '&lt;@U123&gt;',
    '&lt;https://evil.example.com|click&gt;',
    '&amp;lt;',
    '&amp;',
    '&',
    '&lt',
    '<',
    '>',
    '|',
    '"',
    ' ',
    '\n',
    '&nbsp;',
    '*',
    '_',
    '`',
    '```',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const htmlSoup = fc.array(htmlFragment, { maxLength: 40 }).map((parts) => parts.join(''));

describe('htmlToMrkdwn: properties', () => {
  it('never lets content form a mention, channel link or spoofed link', () => {
    fc.assert(
      fc.property(fc.oneof(htmlSoup, fc.string({ unit: 'binary' })), (html) => {
        const out = htmlToMrkdwn(html);
        expect(unsafeParts(out)).toEqual([]);
        const allowed = expectedTargets(html);
        for (const { url } of linksIn(out)) expect(allowed).toContain(url);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows tag-free text as a browser would: collapsed, trimmed, escaped once', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', ' ', '\n', '\t', '>', '|', '.', ':', '/'),
    });
    fc.assert(
      fc.property(text, (plain) => {
        const collapsed = plain.replace(/[ \t\n]+/g, ' ').trim();
        expect(htmlToMrkdwn(plain)).toBe(escapeMrkdwn(collapsed));
      }),
    );
  });

  it('shows escaped text literally, whatever it contains', () => {
    // Any text, HTML-escaped by a careful sender, must reach Slack as exactly that text.
    const htmlEscape = (s: string) =>
      s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const word = fc.string({
      unit: fc.constantFrom('<', '>', '&', '!', '@', 'a', ';', '#', '|', 'l', 't'),
    });
    fc.assert(
      fc.property(word, (text) => {
        const trimmed = text.trim();
        expect(unescapeMrkdwn(htmlToMrkdwn(htmlEscape(trimmed)))).toBe(trimmed);
      }),
    );
  });
});

describe('htmlToMrkdwn: dropped content stays dropped', () => {
  it('drops script even past the nesting cap', () => {
    expect(htmlToMrkdwn(`${'<span>'.repeat(200)}a<script>alert("x")</script>b`)).toBe('ab');
  });

  it('drops everything inside a dropped element, tags included', () => {
    expect(htmlToMrkdwn('<svg><a href="https://ok.example.com/">x</a><b>y</b></svg>z')).toBe('z');
  });
});
