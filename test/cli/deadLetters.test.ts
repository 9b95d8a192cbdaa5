import { describe, expect, it } from 'vitest';
import { deadLettersCommand } from '../../src/cli/deadLetters.js';
import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';

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
  const code = await deadLettersCommand.run(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    store,
  });
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

  it('shows one whole, or exits 1 when there is none', async () => {
    const found = await run(['show', 'b', '--json']);
    expect(JSON.parse(found.out).entry.message.text).toBe('build b failed');
    expect((await run(['show', 'zzz'])).code).toBe(1);
  });

  it('redrives named ones or --all back to the retry queue', async () => {
    const named = await run(['redrive', 'b']);
    expect(named.code).toBe(0);
    expect(named.store.deadLetters.map((d) => d.entry.id)).toEqual(['a']);
    expect(named.store.size).toBe(1);
    const all = await run(['redrive', '--all', '--json']);
    expect(JSON.parse(all.out)).toEqual({ redriven: ['a', 'b'] });
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

  it('says what is missing without SQS configuration (exit 3)', async () => {
    const err: string[] = [];
    const code = await deadLettersCommand.run(['list'], {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      env: {},
    });
    expect(code).toBe(3);
    expect(err.join('')).toContain('RETRY_QUEUE_URL');
  });
});
