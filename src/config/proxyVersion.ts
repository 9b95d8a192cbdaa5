import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a stack records as the proxy it deploys: the package version and the git commit it was
 * synthesized from (`0.1.0+1a2b3c4`, `.dirty` with uncommitted changes; `+unknown` outside git).
 *
 * @example
 * proxyVersion(); // '0.1.0+52181bc'
 */
export function proxyVersion(): string {
  const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
    version: string;
  };
  return `${version}+${gitCommit()}`;
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const commit = git('rev-parse', '--short=7', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}.dirty`;
  } catch {
    return 'unknown';
  }
}
