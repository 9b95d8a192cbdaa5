import { describe, expect, it } from 'vitest';
import { allowedUrl, IMAGE_SCHEMES } from '../../src/translate/allowedUrl.js';
import { mrkdwnLink } from '../../src/translate/mrkdwnLink.js';
import { linksIn, unsafeParts } from './mrkdwnSafety.js';

describe('allowedUrl', () => {
  it.each([
    ['https://ci.example.com/job/a/1/', 'https://ci.example.com/job/a/1/'],
    ['  http://grafana.example.com/d/x?orgId=1  ', 'http://grafana.example.com/d/x?orgId=1'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['mailto:ops@example.com', 'mailto:ops@example.com'],
    // Browsers strip tabs and newlines inside URLs; so must we, or they would reach Slack.
    ['https://exa\tmple.com/a\nb', 'https://example.com/ab'],
  ])('accepts %j as %j', (href, expected) => {
    expect(allowedUrl(href)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    'ftp://files.example.com/a',
    '/job/a/1/',
    'job/1',
    '#top',
    '',
    'http://',
  ])('rejects %j', (href) => {
    expect(allowedUrl(href)).toBeUndefined();
  });

  it('rejects mailto for images', () => {
    expect(allowedUrl('mailto:a@example.com', IMAGE_SCHEMES)).toBeUndefined();
    expect(allowedUrl('https://img.example.com/a.png', IMAGE_SCHEMES)).toBe(
      'https://img.example.com/a.png',
    );
  });
});

describe('mrkdwnLink', () => {
  it('builds <url|label>', () => {
    expect(mrkdwnLink('https://ci.example.com/job/a/42/', 'Open')).toBe(
      '<https://ci.example.com/job/a/42/|Open>',
    );
  });

  it('escapes & in the URL as Slack expects', () => {
    expect(mrkdwnLink('http://g.example.com/d?orgId=1&panelId=2', 'Go')).toBe(
      '<http://g.example.com/d?orgId=1&amp;panelId=2|Go>',
    );
  });

  it('keeps | < > and spaces in the URL from ending or splitting the link', () => {
    const link = mrkdwnLink('mailto:a b@example.com?subject=x|<!channel>', 'mail');
    expect(link).toBe('<mailto:a%20b@example.com?subject=x%7C%3C!channel%3E|mail>');
    expect(unsafeParts(link ?? '')).toEqual([]);
  });

  it('escapes the label so it cannot close the link or form a mention', () => {
    const link = mrkdwnLink('https://ok.example.com/', 'a|b> <!here> & <@U1>') ?? '';
    expect(link).toBe('<https://ok.example.com/|a∣b&gt; &lt;!here&gt; &amp; &lt;@U1&gt;>');
    expect(linksIn(link)).toEqual([
      { url: 'https://ok.example.com/', label: 'a∣b&gt; &lt;!here&gt; &amp; &lt;@U1&gt;' },
    ]);
  });

  it('collapses whitespace in the label and drops an empty one', () => {
    expect(mrkdwnLink('https://ok.example.com/x', '  two\n  lines ')).toBe(
      '<https://ok.example.com/x|two lines>',
    );
    expect(mrkdwnLink('https://ok.example.com/x', ' \n ')).toBe('<https://ok.example.com/x>');
    expect(mrkdwnLink('https://ok.example.com/x')).toBe('<https://ok.example.com/x>');
  });

  it('writes a label that claims another address as text before the real link', () => {
    expect(mrkdwnLink('https://evil.example/a', 'https://bank.example/login')).toBe(
      'https://bank.example/login <https://evil.example/a>',
    );
    expect(mrkdwnLink('https://evil.example/a', '<!here> bank.example')).toBe(
      '&lt;!here&gt; bank.example <https://evil.example/a>',
    );
    expect(mrkdwnLink('https://ci.example.com/1', 'Build #1')).toBe(
      '<https://ci.example.com/1|Build #1>',
    );
  });

  it('writes a link longer than Slack keeps whole as text: label, then URL', () => {
    const url = `https://kibana.example.com/#/?q=${'a'.repeat(7_000)}`;
    expect(mrkdwnLink(url, 'Open')).toBe(`Open ${url}`);
    expect(mrkdwnLink(url)).toBe(url);
  });

  it('refuses disallowed schemes', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'click')).toBeUndefined();
    expect(mrkdwnLink('mailto:a@example.com', 'img', IMAGE_SCHEMES)).toBeUndefined();
  });
});
