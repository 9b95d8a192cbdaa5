import { describe, expect, it } from 'vitest';
import { parseUserMap } from '../../src/translate/parseUserMap.js';

describe('parseUserMap', () => {
  it('reads mention names (with or without @, any case) mapped to Slack user ids', () => {
    expect(parseUserMap('{"jdoe":"U0123ABCD","@Ops.Lead":"W0456EFGH"}')).toEqual({
      jdoe: 'U0123ABCD',
      'ops.lead': 'W0456EFGH',
    });
  });

  it.each([
    ['not json', 'the user map is not valid JSON'],
    ['["U0123ABCD"]', 'the user map is invalid at (root)'],
    ['{"jdoe":"<!channel>"}', 'the user map is invalid at jdoe: must be a Slack user id'],
    ['{"jdoe":"C0123ABCD"}', 'the user map is invalid at jdoe: must be a Slack user id'],
    ['{"j doe":"U0123ABCD"}', 'the user map is invalid at j doe'],
  ])('refuses %j whole', (text, message) => {
    expect(() => parseUserMap(text)).toThrow(message);
  });
});

describe('readConfig: translation settings', () => {
  it('reads USER_MAP_FILE, USER_MAP_JSON and NOTIFY_MENTION (default none)', async () => {
    const { readConfig } = await import('../../src/config/readConfig.js');
    expect(readConfig({})).toMatchObject({ notifyMention: 'none', userMapFile: undefined });
    expect(
      readConfig({ USER_MAP_FILE: './users.json', USER_MAP_JSON: '{}', NOTIFY_MENTION: 'here' }),
    ).toMatchObject({ userMapFile: './users.json', userMapJson: '{}', notifyMention: 'here' });
    expect(() => readConfig({ NOTIFY_MENTION: 'everyone' })).toThrow(/NOTIFY_MENTION/);
  });
});
