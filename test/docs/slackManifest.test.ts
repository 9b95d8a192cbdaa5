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
});
