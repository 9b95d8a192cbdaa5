import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'hipchat-proxy.mjs');

/** The package.json `bin` as an operator runs it (`npx hipchat-proxy` resolves to this file). */
describe('bin/hipchat-proxy.mjs', () => {
  it('runs the TypeScript CLI through tsx, with its exit codes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hipchat-proxy-bin-')), 'whitelist.json');
    writeFileSync(
      file,
      JSON.stringify({ tokens: [{ label: 'nagios', sha256: tokenDigest('x') }] }),
    );
    const list = await run(process.execPath, [BIN, 'tokens', 'list', '--json'], {
      env: { ...process.env, WHITELIST_FILE: file },
    });
    expect(JSON.parse(list.stdout).tokens[0].label).toBe('nagios');

    const missing = await run(process.execPath, [
      BIN,
      'tokens',
      'revoke',
      '--label',
      'nobody',
      '--file',
      file,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 3, stderr: 'hipchat-proxy: no token labelled nobody\n' });
  });
});
