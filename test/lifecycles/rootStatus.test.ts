import { describe, expect, it } from 'vitest';
import { rootStatus } from '../../src/lifecycles/index.js';
import { COLOR_HEX } from '../../src/translate/colorToHex.js';

const at = (iso: string) => new Date(iso);
const OPENED = at('2026-12-07T09:14:30Z');

describe('rootStatus', () => {
  it('open: the moment it opened, in UTC, red by default', () => {
    expect(
      rootStatus({ state: 'open', openedAt: OPENED, now: at('2026-12-07T11:00:00Z') }),
    ).toEqual({ text: 'Open since 09:14 UTC', color: COLOR_HEX.red });
  });

  it('open since another day names the day, another year the year', () => {
    const now = at('2026-12-08T01:00:00Z');
    expect(rootStatus({ state: 'open', openedAt: OPENED, now }).text).toBe(
      'Open since 7 Dec 09:14 UTC',
    );
    expect(
      rootStatus({ state: 'open', openedAt: OPENED, now: at('2027-01-02T00:00:00Z') }).text,
    ).toBe('Open since 7 Dec 2026 09:14 UTC');
  });

  it.each([
    ['2026-12-07T09:14:50Z', 'Resolved within a minute'],
    ['2026-12-07T09:26:30Z', 'Resolved 12 min later'],
    ['2026-12-07T10:14:30Z', 'Resolved 1 h later'],
    ['2026-12-07T11:19:31Z', 'Resolved 2 h 5 min later'],
    ['2026-12-10T13:14:30Z', 'Resolved 3 d 4 h later'],
    ['2026-12-07T09:00:00Z', 'Resolved within a minute'],
  ])('resolved at %s: "%s", green by default', (resolvedAt, text) => {
    expect(
      rootStatus({
        state: 'resolved',
        openedAt: OPENED,
        resolvedAt: at(resolvedAt),
        now: at(resolvedAt),
      }),
    ).toEqual({ text, color: COLOR_HEX.green });
  });

  it('resolved without resolvedAt counts to now', () => {
    expect(
      rootStatus({ state: 'resolved', openedAt: OPENED, now: at('2026-12-07T09:44:30Z') }).text,
    ).toBe('Resolved 30 min later');
  });

  it('shows the color of the notification that set the state', () => {
    expect(
      rootStatus({
        state: 'open',
        openedAt: OPENED,
        now: OPENED,
        color: 'yellow',
      }),
    ).toEqual({ text: 'Open since 09:14 UTC', color: COLOR_HEX.yellow });
  });

  it('a random color is the deterministic yellow (no ambient randomness)', () => {
    expect(
      rootStatus({ state: 'open', openedAt: OPENED, now: OPENED, color: 'random' }).color,
    ).toBe(COLOR_HEX.yellow);
  });
});
