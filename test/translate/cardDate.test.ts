import { describe, expect, it } from 'vitest';
import { parseNotification } from '../../src/hipchat/parseNotification.js';
import { translateNotification } from '../../src/translate/translateNotification.js';

/** The `<!date^…>` token of a card notification with this `date`, if any. */
function dateToken(date: number): string | undefined {
  const notification = parseNotification({
    message: 'CPU high',
    card: { style: 'application', id: '1', title: 'CPU high', format: 'medium', date },
  });
  return JSON.stringify(translateNotification(notification)).match(/<!date\^[^>]*>/)?.[0];
}

describe('the card date (docs/messages.md: Unix seconds; milliseconds recognised)', () => {
  it('renders Unix seconds, as Grafana sends them', () => {
    expect(dateToken(1_796_203_800)).toBe(
      '<!date^1796203800^{date_short_pretty} {time}|2026-12-02 09:30 UTC>',
    );
  });

  it('takes a value too large for seconds as milliseconds, instead of dropping it', () => {
    expect(dateToken(1_796_203_800_123)).toBe(
      '<!date^1796203800^{date_short_pretty} {time}|2026-12-02 09:30 UTC>',
    );
  });

  it('shows no date for a zero, negative or impossible instant', () => {
    for (const date of [0, -62_135_596_800, 1e20])
      expect(dateToken(date), String(date)).toBeUndefined();
  });
});
