import type { AddressInfo } from 'node:net';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import type { MemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import { type FakeSlackResponse, startFakeSlack } from '../fakes/fakeSlack.js';
import { mulberry32 } from '../support/mulberry32.js';

export interface FaultSuiteOptions {
  /** Messages posted through the local server. */
  messages: number;
  /** Share of Slack calls (outside the outage) that fail, 0..1. */
  failureRate: number;
  /** Length of the total Slack outage, and when it starts (ms after the first message). */
  outageMs: number;
  outageStartMs: number;
  /** Messages sent per second (the outage falls in the middle of the traffic). */
  ratePerSecond: number;
  /** Requests in flight at most. */
  concurrency?: number;
  /** When the bot token is rotated (ms after the first message); the secret follows `rotationLagMs` later. */
  rotationAtMs?: number;
  rotationLagMs?: number;
  channels?: number;
  slackDeadlineMs?: number;
  retryMinDelayMs?: number;
  retryMaxDelayMs?: number;
  /** How long a queued message is retried (RETRY_MAX_AGE_SECONDS). */
  retryMaxAgeSeconds?: number;
  /** How long to wait for the retry queue to drain after the last answer. */
  drainTimeoutMs?: number;
  /**
   * Clock milliseconds per real millisecond (default 1): the proxy, its queue and the outage
   * window run on a clock this much faster, so hours of outage play in seconds while the
   * retry policy stays as deployed. `outageStartMs`/`outageMs` are clock time.
   */
  clockRate?: number;
  /** What Slack does during the outage: `down` (5xx, resets, hangs) or `ratelimited` (429 with Retry-After 1–30 s). */
  outageKind?: 'down' | 'ratelimited';
  seed?: number;
  /** Progress lines (the script prints them; tests pass nothing). */
  progress?: (line: string) => void;
}

export interface FaultReport {
  sent: number;
  /** Answered 204: the proxy promised these. */
  accepted: number;
  /** Answered otherwise (the caller knows; HipChat-shaped 5xx). */
  refused: number;
  statuses: Record<string, number>;
  /** Accepted messages Slack has at the end, counted once each. */
  delivered: number;
  /** Extra copies Slack received (any message posted more than once). */
  duplicated: number;
  /** Accepted but neither delivered nor in the dead letters: must be 0. */
  lost: number;
  deadLettered: number;
  /** Delivered although the caller was told it failed (the caller may send it again). */
  refusedButDelivered: number;
  /** Error lines the proxy logged (dead letters, queue trouble). */
  errorLogLines: number;
  slackCalls: number;
  slackCallsFailed: number;
  latencyMs: { p50: number; p99: number; max: number };
  wallClockMs: number;
  drainMs: number;
  settings: Required<Omit<FaultSuiteOptions, 'progress' | 'seed'>> & { seed: number };
}

// The log guard fails a test run that prints any `xoxb-` string: these included.
const FIRST_TOKEN = 'xoxb-fault-suite-first-0000000000';
const ROTATED_TOKEN = 'xoxb-fault-suite-rotated-1111111111';
const ID = /fault-msg-(\d{6})/;

/**
 * The fault-injection suite: N messages through the local server (the ALB emulator and the
 * Lambda handler wired as `npm start` wires it, with the embedded retry queue) while a fake Slack
 * fails a share of calls with scripted patterns — 429 with Retry-After, 500, 503, hangs,
 * connection resets, `invalid_auth` after a token rotation — and goes fully dark for an
 * outage window. Reports sent, delivered, duplicated, lost and the callers' p50/p99 latency.
 *
 * @example
 * const report = await runFaultSuite({ messages: 1_000, failureRate: 0.3, outageMs: 60_000, outageStartMs: 20_000, ratePerSecond: 10 });
 * if (report.lost > 0) process.exit(1);
 */
export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultReport> {
  const settings = {
    concurrency: 64,
    rotationAtMs: Math.round(options.outageStartMs / 2 / (options.clockRate ?? 1)),
    rotationLagMs: 500,
    channels: 20,
    slackDeadlineMs: 2_000,
    retryMinDelayMs: 100,
    retryMaxDelayMs: 5_000,
    retryMaxAgeSeconds: 3_600,
    drainTimeoutMs: 180_000,
    clockRate: 1,
    outageKind: 'down' as 'down' | 'ratelimited',
    ...options,
    seed: options.seed ?? 42,
  };
  delete (settings as { progress?: unknown }).progress;
  const progress = options.progress ?? (() => undefined);
  const random = mulberry32(settings.seed);

  const slack = await startFakeSlack();
  let secretValue: string = FIRST_TOKEN;
  let validToken: string = FIRST_TOKEN;
  slack.isValidToken = (token) => token === validToken;
  let startedAt = Number.POSITIVE_INFINITY;
  const { clockRate } = settings;
  // Clock time: real time since the start, times clockRate (equal to real time at rate 1).
  const clockStart = Date.now();
  const clockNow = () => new Date(clockStart + (Date.now() - clockStart) * clockRate);
  const elapsed = () => (Date.now() - startedAt) * clockRate;
  const inOutage = () =>
    elapsed() >= settings.outageStartMs && elapsed() < settings.outageStartMs + settings.outageMs;
  slack.respond = () => {
    if (inOutage()) {
      return settings.outageKind === 'ratelimited'
        ? { kind: 'rateLimited', retryAfter: 1 + Math.floor(random() * 30) }
        : pick(random, OUTAGE_PATTERNS);
    }
    return random() < settings.failureRate ? pick(random, FAILURE_PATTERNS) : { kind: 'ok' };
  };

  let queue: MemoryRetryQueue | undefined;
  let errorLines = 0;
  const quiet = () => undefined;
  const config = readConfig({
    SLACK_TOKEN_SECRET_ID: 'fault-suite/slack-token',
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: String(settings.slackDeadlineMs),
    SLACK_TOKEN_TTL_SECONDS: '1',
    RETRY_MIN_DELAY_MS: String(settings.retryMinDelayMs),
    RETRY_MAX_DELAY_MS: String(settings.retryMaxDelayMs),
    RETRY_MAX_AGE_SECONDS: String(settings.retryMaxAgeSeconds),
    // One caller token sends everything here; the per-token allowance is not under test.
    RATE_LIMIT: String(Math.max(500, settings.messages * 2)),
  });
  const secretsManager = {
    send: async () => ({ SecretString: secretValue }),
  } as unknown as SecretsManagerClient;
  const deps = createLocalDependencies(config, {
    secretsManager,
    ...(clockRate === 1 ? {} : { now: clockNow, clockRate }),
    logger: {
      info: quiet,
      warn: quiet,
      error: () => {
        errorLines += 1;
      },
    },
    onEmbeddedRetryQueue: (embedded) => {
      queue = embedded;
    },
  });
  const server = createLocalServer({ handler: createAlbHandler(deps) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const statuses: Record<string, number> = {};
  const accepted = new Set<number>();
  const refused = new Set<number>();
  const latencies: number[] = [];
  const post = async (n: number) => {
    const room = `fault-room-${n % settings.channels}`;
    const started = performance.now();
    let status = 'network_error';
    try {
      const answer = await fetch(`${base}/v2/room/${room}/notification`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEVELOPMENT_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          message: `fault-msg-${String(n).padStart(6, '0')} build ${n} finished`,
          message_format: 'text',
          color: n % 2 === 0 ? 'green' : 'red',
        }),
      });
      await answer.arrayBuffer();
      status = String(answer.status);
    } catch {
      // Counted as refused: the caller saw the failure.
    }
    latencies.push(performance.now() - started);
    statuses[status] = (statuses[status] ?? 0) + 1;
    (status === '204' ? accepted : refused).add(n);
  };

  startedAt = Date.now();
  const rotation = setTimeout(() => {
    validToken = ROTATED_TOKEN;
    progress('token rotated in Slack');
    setTimeout(() => {
      secretValue = ROTATED_TOKEN;
      progress('secret updated');
    }, settings.rotationLagMs).unref();
  }, settings.rotationAtMs);
  rotation.unref();

  const inFlight = new Set<Promise<void>>();
  for (let n = 0; n < settings.messages; n += 1) {
    const due = startedAt + (n * 1000) / settings.ratePerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
    const call = post(n).finally(() => inFlight.delete(call));
    inFlight.add(call);
    if (n > 0 && n % 100 === 0) {
      progress(
        `${n} sent, ${accepted.size} accepted, queue ${queue?.size ?? 0}${inOutage() ? ' (outage)' : ''}`,
      );
    }
  }
  await Promise.all(inFlight);
  const answeredAt = Date.now();
  progress(`all answered after ${answeredAt - startedAt} ms; draining ${queue?.size ?? 0} queued`);
  // The outage may outlast the traffic: a drain only makes sense once Slack is back.
  const outageEnd = startedAt + (settings.outageStartMs + settings.outageMs) / clockRate;
  if (outageEnd > Date.now()) await sleep(outageEnd - Date.now());
  await queue?.whenIdle(settings.drainTimeoutMs).catch((error: Error) => progress(error.message));
  const drainedAt = Date.now();
  await queue?.stop();
  await new Promise((resolve) => server.close(resolve));

  const copies = new Map<number, number>();
  let slackCallsFailed = 0;
  for (const request of slack.requests) {
    if (request.answeredWith !== 'ok' || request.abandoned) {
      slackCallsFailed += 1;
      continue;
    }
    const match = ID.exec(JSON.stringify(request.body));
    if (match?.[1] === undefined) continue;
    const n = Number(match[1]);
    copies.set(n, (copies.get(n) ?? 0) + 1);
  }
  await slack.close();

  const deadIds = new Set(
    (queue?.deadLetters ?? []).map((d) => Number(ID.exec(JSON.stringify(d.entry))?.[1])),
  );
  let lost = 0;
  let delivered = 0;
  for (const n of accepted) {
    if (copies.has(n)) delivered += 1;
    else if (!deadIds.has(n)) lost += 1;
  }
  const duplicated = [...copies.values()].reduce((sum, count) => sum + count - 1, 0);
  const refusedButDelivered = [...refused].filter((n) => copies.has(n)).length;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);

  return {
    sent: settings.messages,
    accepted: accepted.size,
    refused: refused.size,
    statuses,
    delivered,
    duplicated,
    lost,
    deadLettered: deadIds.size,
    refusedButDelivered,
    errorLogLines: errorLines,
    slackCalls: slack.requests.length,
    slackCallsFailed,
    latencyMs: { p50: pct(0.5), p99: pct(0.99), max: Math.round(latencies.at(-1) ?? 0) },
    wallClockMs: drainedAt - startedAt,
    drainMs: drainedAt - answeredAt,
    settings,
  };
}

const FAILURE_PATTERNS: FakeSlackResponse[] = [
  { kind: 'rateLimited', retryAfter: 1 },
  { kind: 'http', status: 500 },
  { kind: 'http', status: 503 },
  { kind: 'error', error: 'internal_error' },
  { kind: 'hang' },
  { kind: 'reset' },
];

const OUTAGE_PATTERNS: FakeSlackResponse[] = [
  { kind: 'http', status: 503 },
  { kind: 'http', status: 502, body: '<html>Bad Gateway</html>' },
  { kind: 'reset' },
  { kind: 'hang' },
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
