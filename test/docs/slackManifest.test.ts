import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the Slack app manifest', () => {
  it('asks for exactly the bot scopes docs/api.md says the endpoints need', () => {
    const manifest = JSON.parse(read('slack/app-manifest.json')) as {
      oauth_config: { scopes: { bot: string[] } };
      settings: { token_rotation_enabled: boolean };
    };
    const table = read('docs/api.md').split('**Slack bot scopes for all endpoints:**')[1] ?? '';
    const documented = new Set<string>();
    for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
      const scopes = (row.split('|')[1] ?? '').split('(')[0] ?? '';
      for (const match of scopes.matchAll(/`([a-z.:]+)`/g)) documented.add(match[1] ?? '');
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...documented].sort());
    // The proxy keeps a long-lived bot token in Secrets Manager; rotating tokens expire in 12 h.
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });

  it("says what editing a thread's root takes: chat.update, under chat:write alone", () => {
    const manifest = JSON.parse(read('slack/app-manifest.json')) as {
      display_information: { long_description: string };
      oauth_config: { scopes: { bot: string[] } };
    };
    const about = manifest.display_information.long_description;
    // Slack takes a long description of 174 to 4,000 characters.
    expect(about.length).toBeGreaterThanOrEqual(174);
    expect(about.length).toBeLessThanOrEqual(4000);
    expect(about).toMatch(/chat\.update needs no scope beyond chat:write/);
    expect(manifest.oauth_config.scopes.bot).toContain('chat:write');
    const row = read('docs/api.md')
      .split('\n')
      .find((line) => line.startsWith('| `chat:write` |'));
    expect(row).toMatch(/`chat\.update` needs no other scope, edits only messages this bot posted/);
    expect(row).toMatch(/takes the channel as an id/);
  });
});
