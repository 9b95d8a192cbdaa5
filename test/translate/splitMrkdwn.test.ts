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
    expect(pieces.join('')).toBe(lines);
  });

  it('closes and reopens a code block cut in two', () => {
    const code = `\`\`\`\n${'let x = 1;\n'.repeat(300)}\`\`\``;
    const pieces = splitMrkdwn(code, 1000);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(1000);
      expect(piece.split('```').length % 2).toBe(1);
    }
  });

  it('keeps a quoted line quoted when it is cut in two', () => {
    const quoted = `&gt; ${'word '.repeat(400)}end\n&gt; next`;
    const pieces = splitMrkdwn(quoted, 1000);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.startsWith('&gt; ')).toBe(true);
    expect(pieces.join('').replaceAll('&gt; ', '')).toBe(quoted.replaceAll('&gt; ', ''));
  });

  it('lets a piece run past the limit, as far as the stretch allows, rather than cut a link', () => {
    const link = `<https://kibana.example.com/app#/?${'a=1&amp;'.repeat(150)}|Open in Kibana>`;
    const text = `intro\n${link}\noutro`;
    const pieces = splitMrkdwn(text, 1000, { stretch: 500 });
    expect(pieces.map((piece) => piece.trim())).toContain(link);
    for (const piece of pieces) expect(unsafeParts(piece)).toEqual([]);
    // Without the stretch the link cannot stay whole (and Slack would show it raw).
    expect(splitMrkdwn(text, 1000).map((piece) => piece.trim())).not.toContain(link);
  });

  it('never cuts a link or an entity, and never exceeds the limit', () => {
    const piece = fc.constantFrom(
      '<https://a.example/x?y=1&amp;z=2|label>',
      '&amp;',
      '&lt;',
      '&gt; ',
      'word',
      '*bold*',
      '```',
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

describe('splitMrkdwn in UTF-8 bytes', () => {
  it('counts bytes, not characters, and loses nothing', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i} ${'é😀'.repeat(10)}`).join('\n');
    const pieces = splitMrkdwn(lines, 2000, { unit: 'utf8' });
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(2000);
    expect(pieces.join('')).toBe(lines);
  });

  it('never exceeds the byte limit nor halves a character', () => {
    const piece = fc.constantFrom(
      '&amp;',
      'word',
      ' ',
      '\n',
      '😀',
      'é',
      '中',
      '<https://a.example/é|x>',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 400 }),
        fc.integer({ min: 60, max: 500 }),
        (parts, max) => {
          for (const out of splitMrkdwn(parts.join(''), max, { unit: 'utf8' })) {
            expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
            expect(out).not.toMatch(/[\ud800-\udbff]$/);
            expect(unsafeParts(out)).toEqual([]);
          }
        },
      ),
    );
  });
});

describe('createTextBudget', () => {
  it('charges what fits whole and refuses, uncharged, what does not', () => {
    const budget = createTextBudget(100);
    expect(budget.spend('a'.repeat(60))).toBe(true);
    expect(budget.remaining).toBe(40);
    expect(budget.spend('b'.repeat(41))).toBe(false);
    expect(budget.remaining).toBe(40);
    expect(budget.spend('c'.repeat(40))).toBe(true);
    expect(budget.remaining).toBe(0);
  });
});
