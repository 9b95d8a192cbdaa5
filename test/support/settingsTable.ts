import { SETTINGS } from '../../src/config/SETTINGS.js';

/**
 * The settings table as docs/configuration.md shows it, rendered from `SETTINGS`; the docs
 * test compares the page with it (`UPDATE_DOCS=1` writes it in).
 */
export function settingsTable(): string {
  const rows = SETTINGS.map((setting) => {
    const fallback = 'default' in setting ? `\`${String(setting.default)}\`` : '—';
    const key = 'deployKey' in setting ? `\`${setting.deployKey}\`` : '—';
    const flag = 'cliFlag' in setting ? `\`${setting.cliFlag}\`` : '—';
    return `| \`${setting.env}\` | ${setting.where} | ${fallback} | ${key} | ${flag} | ${setting.meaning} |`;
  });
  return [
    '| name | where | default | deploy config key | CLI | meaning |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
