import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)];

/** The relative targets of a Markdown file's links (`[text](target)`), anchors dropped. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the README is a front door', () => {
  it('is at most 200 lines and links the docs that hold the rest', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    for (const doc of DOCS.filter((file) => file.startsWith('docs/'))) {
      expect(readme, doc).toContain(`](${doc})`);
    }
  });

  it.each(DOCS)('%s: every relative link resolves', (file) => {
    const markdown = readFileSync(join(ROOT, file), 'utf8');
    for (const target of relativeLinks(markdown)) {
      expect(existsSync(join(ROOT, dirname(file), target)), `${file} → ${target}`).toBe(true);
    }
  });
});
