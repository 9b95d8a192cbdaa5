import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `body` (an async function body given `handler`, the asset's export) in a fresh Node with a
 * copy of the asset and no node_modules around it, as Lambda would; returns what it returns.
 */
export function runCopiedAsset(
  assetDir: string,
  body: string,
  env: Record<string, string>,
): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-asset-'));
  try {
    cpSync(assetDir, dir, { recursive: true });
    const script = `const { handler } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
      const result = await (async () => { ${body} })();
      process.stdout.write(JSON.stringify(result));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIAASSETTESTASSETTE',
        AWS_SECRET_ACCESS_KEY: 'asset-test',
        ...env,
      },
    });
    return JSON.parse(output.trim().split('\n').at(-1) ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
