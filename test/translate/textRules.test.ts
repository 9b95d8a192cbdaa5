import { describe, expect, it } from 'vitest';
import { createTextRules } from '../../src/translate/createTextRules.js';
import { emoticonRule } from '../../src/translate/emoticonRule.js';
import { mentionRule } from '../../src/translate/mentionRule.js';
import { smileyRule } from '../../src/translate/smileyRule.js';
import { textMessageToMrkdwn } from '../../src/translate/textMessageToMrkdwn.js';
import { textToMrkdwn } from '../../src/translate/textToMrkdwn.js';
import { urlRule } from '../../src/translate/urlRule.js';

describe('emoticonRule', () => {
  it.each([
    ['(successful) (failed) (yey)', ':white_check_mark: :x: :tada:'],
    ['(thumbsup)(thumbsdown)', ':+1::-1:'],
    ['(tableflip) <b>', '(╯°□°)╯︵ ┻━┻ &lt;b&gt;'],
    ['(jira) (custom42) (Successful) (8%)', '(jira) (custom42) (Successful) (8%)'],
    ['(constructor) (__proto__) (toString)', '(constructor) (__proto__) (toString)'],
  ])('%j → %j', (text, expected) => {
    expect(textToMrkdwn(text, [emoticonRule])).toBe(expected);
  });
});

describe('smileyRule', () => {
  it.each([
    [
      ':) :-( ;) :D :P',
      ':slightly_smiling_face: :disappointed: :wink: :smiley: :stuck_out_tongue:',
    ],
    ['done :).', 'done :slightly_smiling_face:.'],
    ['C:Dir f(x:P) a:)', 'C:Dir f(x:P) a:)'],
  ])('%j → %j', (text, expected) => {
    expect(textToMrkdwn(text, [smileyRule])).toBe(expected);
  });
});

describe('urlRule', () => {
  it.each([
    ['see https://ci.example.com/job/1.', 'see <https://ci.example.com/job/1>.'],
    ['(https://x.example/a?b=1&c=2)', '(<https://x.example/a?b=1&amp;c=2>)'],
    ['https://evil.example.com|bank', '<https://evil.example.com/|https://evil.example.com>|bank'],
    ['ftp://files.example.com/x', 'ftp://files.example.com/x'],
    ['http://', 'http://'],
  ])('%j → %j', (text, expected) => {
    expect(textToMrkdwn(text, [urlRule])).toBe(expected);
  });
});

describe('mentionRule', () => {
  const userMap = { jdoe: 'U0123ABCD', 'j.smith': 'W0456EFGH', bad: '<!channel>', lower: 'u123' };

  it('pings the channel for @all/@here only when broadcast mentions are allowed', () => {
    const text = '@all @here @ALL';
    expect(textToMrkdwn(text, [mentionRule({})])).toBe('@all @here @ALL');
    expect(textToMrkdwn(text, [mentionRule({ broadcastMentions: false })])).toBe(text);
    expect(textToMrkdwn(text, [mentionRule({ broadcastMentions: true })])).toBe(
      '<!channel> <!here> <!channel>',
    );
  });

  it('maps known mention names (any case) to Slack users, and nothing else', () => {
    expect(
      textToMrkdwn('@jdoe @JDoe @j.smith. @nobody @bad @lower ops@jdoe.com x@jdoe', [
        mentionRule({ userMap }),
      ]),
    ).toBe('<@U0123ABCD> <@U0123ABCD> <@W0456EFGH>. @nobody @bad @lower ops@jdoe.com x@jdoe');
  });
});

describe('textMessageToMrkdwn', () => {
  const rules = createTextRules({ broadcastMentions: true });

  it('turns a /code paste into a verbatim code block', () => {
    expect(textMessageToMrkdwn('/code if (a < b) @all (yey)', rules)).toBe(
      '```\nif (a &lt; b) @all (yey)\n```',
    );
    expect(textMessageToMrkdwn('/code\nline 1\nline 2', rules)).toBe('```\nline 1\nline 2\n```');
  });

  it('shows code containing a fence unfenced rather than broken', () => {
    expect(textMessageToMrkdwn('/code a ``` b', rules)).toBe('a ``` b');
  });

  it('turns a /quote paste into quoted lines with the rules applied', () => {
    expect(textMessageToMrkdwn('/quote well done (yey)\n@here', rules)).toBe(
      '&gt; well done :tada:\n&gt; <!here>',
    );
  });

  it('leaves /code elsewhere and other slash words alone', () => {
    expect(textMessageToMrkdwn('run /code now', rules)).toBe('run /code now');
    expect(textMessageToMrkdwn('/codex', rules)).toBe('/codex');
  });

  it('applies every rule in one pass, URLs first', () => {
    expect(textMessageToMrkdwn('https://x.example/@here(yey) @here (yey) :)', rules)).toBe(
      '<https://x.example/@here(yey)> <!here> :tada: :slightly_smiling_face:',
    );
  });
});
