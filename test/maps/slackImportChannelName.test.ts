import { describe, expect, it } from 'vitest';
import { slackImportChannelName } from '../../src/maps/index.js';

describe('slackImportChannelName', () => {
  it.each([
    ['CFXWare', 'cfxware'],
    ['Ops Alerts (EU)', 'ops-alerts-eu'],
    ['Café Talk', 'cafe-talk'],
    ['São Paulo Office', 'sao-paulo-office'],
    ['R&D Ideas', 'rd-ideas'],
    ['Build 2.0', 'build-2-0'],
    ['snake_case room', 'snake_case-room'],
    ['???', ''],
    ['¯\\_(ツ)_/¯', '__'],
    ['2024', '2024'],
  ])('%s → %s', (room, channel) => {
    expect(slackImportChannelName(room)).toBe(channel);
  });

  it('keeps at most 80 characters, as Slack allows', () => {
    expect(slackImportChannelName('a'.repeat(100))).toHaveLength(80);
  });
});
