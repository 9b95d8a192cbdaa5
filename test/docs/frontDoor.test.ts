import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
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

  it.each(DOCS)('%s: points at no file outside the repository', (file) => {
    const markdown = readFileSync(join(ROOT, file), 'utf8');
    for (const target of relativeLinks(markdown)) {
      const resolved = relative(ROOT, resolve(ROOT, dirname(file), target));
      expect(resolved.startsWith('..') || isAbsolute(resolved), `${file} → ${target}`).toBe(false);
    }
    // Paths in code spans too: a reader of a clone has no sibling folders such as ../shared.
    expect(markdown, file).not.toMatch(/`\.\.\/(shared|reference)\/|\breference\/[\w-]+\.md/);
  });
});

describe('what the README has an operator create stays out of commits', () => {
  it('ignores the key and certificate of its HTTPS recipe', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const files = readme.match(/-keyout (\S+) -out (\S+)/)?.slice(1) ?? [];
    expect(files).toEqual(['key.pem', 'cert.pem']);
    for (const file of files) {
      // Exit 0: ignored (git check-ignore exits 1 for a path it would commit).
      expect(
        () => execFileSync('git', ['check-ignore', '-q', file], { cwd: ROOT }),
        file,
      ).not.toThrow();
    }
  });
});
