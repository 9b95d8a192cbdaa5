import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/CliContext.js';
import { createDeadLettersCommand } from '../../src/cli/createDeadLettersCommand.js';
import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import { openRetryQueueStore } from '../../src/queue/createSqliteRetryQueueStore.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import { runCliCaptured } from '../support/runCliCaptured.js';

const letter = (id: string): RetryMessage => ({
  id,
  message: { channel: '#builds', text: `build ${id} failed` },
  room: 'Build Status',
  acceptedAt: '2026-11-24T12:00:00.000Z',
  lastError: 'http_503',
  deadLetter: { reason: 'slack_rejected:is_archived', at: '2026-11-24T12:01:00.000Z', attempts: 1 },
});

async function run(args: string[]) {
  const store = createMemoryRetryQueue();
  await store.deadLetter(letter('a'));
  await store.deadLetter(letter('b'));
  const out: string[] = [];
  const err: string[] = [];
  const context = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    env: {},
  } as unknown as CliContext;
  const code = await createDeadLettersCommand(() => store).run(args, context);
  return { code, out: out.join(''), err: err.join(''), store };
}

describe('dead-letters', () => {
  it('lists with reasons, as text or JSON', async () => {
    const text = await run(['list']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('a\tBuild Status\t#builds\tslack_rejected:is_archived');
    const json = await run(['list', '--json']);
    expect(JSON.parse(json.out).map((d: { id: string }) => d.id)).toEqual(['a', 'b']);
  });

  it('shows one whole, or exits 3 (not found) when there is none', async () => {
    const found = await run(['show', 'b', '--json']);
    expect(JSON.parse(found.out).entry.message.text).toBe('build b failed');
    expect((await run(['show', 'zzz'])).code).toBe(3);
  });

  it('redrives named ones or --all back to the retry queue', async () => {
    const named = await run(['redrive', 'b']);
    expect(named.code).toBe(0);
    expect(named.store.deadLetters.map((d) => d.entry.id)).toEqual(['a']);
    expect(named.store.size).toBe(1);
    const all = await run(['redrive', '--all', '--json']);
    expect(JSON.parse(all.out)).toEqual({ redriven: ['a', 'b'] });
    expect((await run(['redrive', 'nope'])).code).toBe(3);
  });

  it('answers usage errors with exit 2 and --help with 0', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['redrive'])).code).toBe(2);
    expect((await run(['redrive', 'a', '--all'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['list', '--limit', '0'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('redrive --all');
  });

  it('is mounted in hipchat-proxy and says what is missing with half an SQS configuration (exit 1)', async () => {
    const { exitCode, stderr } = await runCliCaptured(['dead-letters', 'list'], {
      env: { RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/retry.fifo' },
    });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('DEAD_LETTER_QUEUE_URL');
    const help = await runCliCaptured(['--help']);
    expect(help.stdout + help.stderr).toContain('dead-letters');
  });

  it("without SQS works on npm start's dead letters in DATA_DIR: list, show, and redrive back into its queue", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-dead-'));
    const store = openRetryQueueStore(dir);
    const queue = createMemoryRetryQueue({ store });
    await queue.deadLetter(letter('a'));
    await queue.deadLetter(letter('b'));
    store.close();
    const env = { DATA_DIR: dir };

    const listed = await runCliCaptured(['dead-letters', 'list', '--json'], { env });
    expect(listed.exitCode).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id)).toEqual(['a', 'b']);
    const shown = await runCliCaptured(['dead-letters', 'show', 'b'], { env });
    expect(shown.stdout).toContain('build b failed');

    const redriven = await runCliCaptured(['dead-letters', 'redrive', 'a'], { env });
    expect(redriven.exitCode).toBe(0);
    // What the next npm start finds: a back in its queue, b still a dead letter.
    const next = openRetryQueueStore(dir);
    expect(next.restored.messages.map((m) => JSON.parse(m.body).id)).toEqual(['a']);
    expect(next.restored.deadLetters.map((d) => d.entry.id)).toEqual(['b']);
    next.close();
  });

  it('takes --data-dir, the flag configuration.md lists for DATA_DIR, over the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-dead-'));
    const store = openRetryQueueStore(dir);
    await createMemoryRetryQueue({ store }).deadLetter(letter('c'));
    store.close();
    const elsewhere = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-empty-'));
    const listed = await runCliCaptured(['dead-letters', 'list', '--json', '--data-dir', dir], {
      env: { DATA_DIR: elsewhere },
    });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id)).toEqual(['c']);
  });
});
