import { describe, expect, it } from 'vitest';
import { COLOR_HEX, colorToHex } from '../../src/translate/colorToHex.js';

describe('colorToHex', () => {
  it.each([
    ['yellow', '#f2c744'],
    ['green', '#2eb886'],
    ['red', '#d00000'],
    ['purple', '#7b5cd6'],
    ['gray', '#9e9e9e'],
  ] as const)('maps %s to %s', (color, hex) => {
    expect(colorToHex(color)).toBe(hex);
  });

  it.each([
    [0, '#f2c744'],
    [0.2, '#2eb886'],
    [0.5, '#d00000'],
    [0.7, '#7b5cd6'],
    [0.9999, '#9e9e9e'],
  ])('random with %d picks %s', (drawn, hex) => {
    expect(colorToHex('random', () => drawn)).toBe(hex);
  });

  it.each([1, 7, -0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'clamps a misbehaving random() returning %d to a real color',
    (drawn) => {
      expect(Object.values(COLOR_HEX)).toContain(colorToHex('random', () => drawn));
    },
  );

  it('is deterministic without a random source', () => {
    expect(colorToHex('random')).toBe(COLOR_HEX.yellow);
  });

  it('reaches every color through random', () => {
    const seen = new Set(
      Array.from({ length: 100 }, (_, i) => colorToHex('random', () => i / 100)),
    );
    expect(seen).toEqual(new Set(Object.values(COLOR_HEX)));
  });
});
