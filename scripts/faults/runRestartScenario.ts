import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { readRetryQueueStore } from '../../src/queue/createSqliteRetryQueueStore.js';
import { startFakeSlack } from '../fakes/fakeSlack.js';
import { spawnNpmStart } from '../support/spawnNpmStart.js';

export interface RestartScenarioOptions {
  /** How `npm start` is stopped with the messages queued. */
  signal: 'SIGKILL' | 'SIGTERM';
  messages: number;
  /** Progress lines (the script prints them; tests pass nothing). */
  progress?: (line: string) => void;
}

export interface RestartReport {
  scenario: string;
  sent: number;
  /** Answered 204 while Slack was down: all of them sit in the queue on disk. */
  accepted: number;
  /** Delivered after the restart, counted once each. */
  delivered: number;
  duplicated: number;
  lost: number;
  deadLettered: number;
  /** What the stopped process said about its queue (SIGTERM only). */
  stopLine: string | undefined;
  wallClockMs: number;
}

// The log guard fails a test run that prints any `xoxb-` string: this one included.
const SLACK_TOKEN = 'xoxb-restart-scenario-0000000000';
const ID = /restart-msg-(\d{6})/;

/**
 * `npm start` — its real entry point, in a child process — takes `messages` notifications
 * while Slack is down (each answered 204 from its queue on disk), is stopped with `signal`,
 * and is started again on the same DATA_DIR with Slack back. Reports whether every accepted
 * message arrived, and how often.
 *
 * @example
 * const report = await runRestartScenario({ signal: 'SIGKILL', messages: 200 });
 * if (report.lost > 0 || report.duplicated > 0) process.exit(1);
 */
export async function runRestartScenario(options: RestartScenarioOptions): Promise<RestartReport> {
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  const slack = await startFakeSlack();
  slack.respond = () => ({ kind: 'http', status: 503 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-restart-'));
  let child: ChildProcess | undefined;
  try {
    const first = await startProxy(dataDir, slack.url);
    child = first.child;
    let accepted = 0;
    for (let n = 0; n < options.messages; n++) {
      const answer = await fetch(`${first.base}/v2/room/room-${n % 10}/notification`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEVELOPMENT_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          message: `restart-msg-${String(n).padStart(6, '0')} deploy ${n} done`,
          message_format: 'text',
        }),
      });
      await answer.arrayBuffer();
      if (answer.status === 204) accepted += 1;
    }
    progress(`${accepted} of ${options.messages} accepted while Slack is down; ${options.signal}`);
    const exited = once(first.child, 'exit');
    first.child.kill(options.signal);
    await exited;
    const stopLine = first
      .stderr()
      .split('\n')
      .find((line) => line.includes('stopped:'));

    slack.respond = () => ({ kind: 'ok' });
    const second = await startProxy(dataDir, slack.url);
    child = second.child;
    const copies = new Map<number, number>();
    const count = () => {
      copies.clear();
      for (const request of slack.requests) {
        if (request.method !== 'chat.postMessage' || request.answeredWith !== 'ok') continue;
        const match = ID.exec(JSON.stringify(request.body));
        if (match?.[1] !== undefined) {
          const n = Number(match[1]);
          copies.set(n, (copies.get(n) ?? 0) + 1);
        }
      }
      return copies.size;
    };
    const deadline = Date.now() + 60_000;
    while (count() < accepted && Date.now() < deadline) await sleep(100);
    // A little longer, so a duplicate would show.
    await sleep(500);
    count();
    progress(`${copies.size} delivered after the restart`);
    const duplicated = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    const deadLettered = readRetryQueueStore(dataDir).deadLetters.length;
    return {
      scenario: `${options.signal} with ${options.messages} queued`,
      sent: options.messages,
      accepted,
      delivered: copies.size,
      duplicated,
      lost: accepted - copies.size - deadLettered,
      deadLettered,
      stopLine,
      wallClockMs: Date.now() - started,
    };
  } finally {
    child?.kill('SIGKILL');
    await slack.close();
  }
}

function startProxy(dataDir: string, slackUrl: string) {
  return spawnNpmStart({
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slackUrl,
    SLACK_DEADLINE_MS: '300',
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
