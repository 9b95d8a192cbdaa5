import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextBudget } from '../../src/translate/createTextBudget.js';
import { splitMrkdwn } from '../../src/translate/splitMrkdwn.js';
import { unsafeParts } from './mrkdwnSafety.js';

describe('splitMrkdwn', () => {
  it('keeps short text whole and splits long text at line breaks', () => {
    expect(splitMrkdwn('short', 3000)).toEqual(['short']);
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(50)}`).join('\n');
    const pieces = splitMrkdwn(lines, 1000);
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
    expect(pieces.join('\n')).toBe(lines);
  });

  it('closes and reopens a code block cut in two', () => {
    const code = `\`\`\`\n${'let x = 1;\n'.repeat(300)}\`\`\``;
    const pieces = splitMrkdwn(code, 1000);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(1000);
      expect(piece.split('```').length % 2).toBe(1);
    }
  });

  it('never cuts a link or an entity, and never exceeds the limit', () => {
    const piece = fc.constantFrom(
      '<https://a.example/x?y=1&amp;z=2|label>',
      '&amp;',
      '&lt;',
      'word',
      ' ',
      '\n',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 400 }),
        fc.integer({ min: 60, max: 500 }),
        (parts, max) => {
          const text = parts.join('');
          for (const out of splitMrkdwn(text, max)) {
            expect(out.length).toBeLessThanOrEqual(max);
            expect(unsafeParts(out)).toEqual([]);
            expect(out).not.toMatch(/[\ud800-\udbff]$/);
          }
        },
      ),
    );
  });
});

describe('createTextBudget', () => {
  it('charges what it hands out and refuses what no longer fits usefully', () => {
    const budget = createTextBudget(100);
    expect(budget.take('a'.repeat(60), 80)).toBe('a'.repeat(60));
    expect(budget.remaining).toBe(40);
    const cut = budget.take('b'.repeat(60), 80) ?? '';
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith(' …')).toBe(true);
    expect(budget.take('c'.repeat(60), 80)).toBeUndefined();
    // Small pieces still fit what is left.
    expect(budget.take('ok', 80)).toBe('ok');
  });
});
