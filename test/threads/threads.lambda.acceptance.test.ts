import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { ALBResult, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  type FakeSlackMessage,
  startFakeSlack,
} from '../../scripts/fakes/fakeSlack.js';
import { startDynalite } from '../../scripts/support/startDynalite.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import type { ProxyDependencies } from '../../src/app/ProxyDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createRetryConsumer } from '../../src/queue/createRetryConsumer.js';
import { createSqsRetryQueue } from '../../src/queue/createSqsRetryQueue.js';
import { THREAD_FALLBACK } from '../../src/threads/createThreadedDelivery.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { testSecret } from '../support/secrets.js';
import { SENDER_CASES, type SenderCase } from '../support/senderLifecycles.js';

/**
 * Issue 26's acceptance over the Lambda handler, wired as in AWS (createDependencies with
 * THREAD_TABLE_NAME): real ALB events, the real WebClient against a fake Slack on 127.0.0.1
 * that keeps its messages, and the thread table on a real DynamoDB protocol (dynalite) — or on
 * aws-sdk-client-mock where the store must fail. The SQS retry queue is mocked: what the
 * handler enqueues is fed to the retry consumer as SQS would.
 */
const TOKEN = testSecret('threads-lambda-token-00000000000000000000');
/** Its entry says `threads: thread`: replies stay in the thread. */
const QUIET_TOKEN = testSecret('threads-lambda-quiet-0000000000000000000');
/** Its entry says `threads: off`: every message a new one, the table never asked. */
const FLAT_TOKEN = testSecret('threads-lambda-flat-00000000000000000000');
const CHANNEL = 'C0OPSALERT';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hipchat-proxy-retry.fifo';
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hipchat-proxy-dlq.fifo';

let slack: FakeSlack;
let dynamo: Awaited<ReturnType<typeof startDynalite>>;
let dir: string;
const sqs = mockClient(SQSClient);
const logs: { message: string; fields: Record<string, unknown> }[] = [];
const logger = {
  info: () => undefined,
  warn: (message: string, ...extra: Record<string, unknown>[]) =>
    logs.push({ message, fields: Object.assign({}, ...extra) }),
  error: () => undefined,
};

beforeAll(async () => {
  dynamo = await startDynalite('threads-lambda');
  dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-lambda-'));
  writeFileSync(
    join(dir, 'whitelist.json'),
    JSON.stringify({
      tokens: [
        { label: 'monitoring', sha256: tokenDigest(TOKEN) },
        { label: 'quiet-monitoring', sha256: tokenDigest(QUIET_TOKEN), threads: 'thread' },
        { label: 'flat-monitoring', sha256: tokenDigest(FLAT_TOKEN), threads: 'off' },
      ],
    }),
  );
});
afterAll(async () => {
  await dynamo?.stop();
});
beforeEach(async () => {
  slack = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'ops-alerts' }] });
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  logs.length = 0;
});
afterEach(async () => {
  await slack.close();
});

function lambda(overrides: { dynamodb?: DynamoDBClient } = {}) {
  const config = readConfig({
    SLACK_BOT_TOKEN: 'xoxb-threads-lambda',
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: '1000',
    WHITELIST_FILE: join(dir, 'whitelist.json'),
    ROOM_MAP_JSON: JSON.stringify({ '1234': '#ops-alerts' }),
    THREAD_TABLE_NAME: dynamo.tableName,
    RETRY_QUEUE_URL: QUEUE_URL,
    DEAD_LETTER_QUEUE_URL: DLQ_URL,
  });
  const deps = createDependencies(config, {
    dynamodb: overrides.dynamodb ?? dynamo.client,
    sqs: new SQSClient({ region: 'eu-west-1' }),
    usageMetrics: false,
    logger,
  });
  const handler = createAlbHandler(deps);
  const send = async (
    via: SenderCase['via'],
    body: Record<string, unknown>,
    token: string = TOKEN,
  ) => {
    const fields = new URLSearchParams({
      auth_token: token,
      room_id: '1234',
      ...Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)])),
    });
    const event =
      via === 'v2'
        ? albEvent({
            path: '/v2/room/1234/notification',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        : via === 'v1 GET'
          ? albEvent({ method: 'GET', path: '/v1/rooms/message', query: fields.toString() })
          : albEvent({
              path: '/v1/rooms/message',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: fields.toString(),
              base64: true,
            });
    return (await handler(event, lambdaContext())) as ALBResult;
  };
  return { deps, send };
}

const postedSince = (from: number): FakeSlackMessage[] => slack.messages.slice(from);

describe('over the Lambda handler, the thread table on dynalite', () => {
  it.each(SENDER_CASES)(
    '$sender via $via: open → root; resolved → broadcast reply + root updated; open again → a new root',
    async (sender) => {
      const { send } = lambda();
      expect((await send(sender.via, sender.open)).statusCode).toBeLessThan(300);
      expect((await send(sender.via, sender.resolved)).statusCode).toBeLessThan(300);
      expect((await send(sender.via, sender.open)).statusCode).toBeLessThan(300);
      await send(sender.via, sender.resolved);
      const [root, reply, reopened, secondReply] = postedSince(0);
      expect(root).toMatchObject({ channel: CHANNEL, threadTs: undefined });
      expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: true });
      expect(root?.updates).toHaveLength(1);
      const status = root?.current.attachments?.at(-1) as { fallback?: string } | undefined;
      expect(status?.fallback).toMatch(/^Resolved /);
      expect(reopened).toMatchObject({ threadTs: undefined });
      expect(secondReply).toMatchObject({ threadTs: reopened?.ts });
      expect(slack.messages.filter((message) => message.orphan)).toEqual([]);
    },
  );

  it('a root and its resolution queued in an outage thread when SQS delivers them, root first', async () => {
    const { deps, send } = lambda();
    const [zabbix] = SENDER_CASES.filter((c) => c.sender === 'zabbix');
    if (zabbix === undefined) throw new Error('no zabbix case');
    slack.respond = (method) =>
      method === 'chat.postMessage' ? { kind: 'http', status: 503 } : { kind: 'ok' };
    expect((await send(zabbix.via, zabbix.open)).statusCode).toBe(204);
    expect((await send(zabbix.via, zabbix.resolved)).statusCode).toBe(204);
    const queued = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(queued).toHaveLength(2);
    // One FIFO group: the channel's order, the root first.
    expect(new Set(queued.map((input) => input.MessageGroupId)).size).toBe(1);
    expect(slack.messages).toHaveLength(0);

    slack.respond = undefined;
    const consumer = retryConsumer(deps);
    const answer = await consumer(sqsEvent(queued), lambdaContext());
    expect(answer.batchItemFailures).toEqual([]);
    const [root, reply] = slack.messages;
    expect(root?.threadTs).toBeUndefined();
    expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: true });
    expect(root?.updates).toHaveLength(1);
  });

  it('two containers with the same alert at once post one root; the other message follows it as a reply', async () => {
    const [one, two] = [lambda(), lambda()];
    if (one === undefined || two === undefined) throw new Error('no containers');
    const body = (n: number) => ({
      message: `[FIRING:${n}] DiskFull shop (page production)`,
      message_format: 'text',
      color: 'red',
      from: 'AlertManager',
    });
    const answers = await Promise.all([one.send('v2', body(1)), two.send('v2', body(2))]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([204, 204]);
    const roots = slack.messages.filter((message) => message.threadTs === undefined);
    expect(roots).toHaveLength(1);
    // The other one waited in the queue behind the root; SQS hands it to the consumer.
    const queued = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(queued.length + slack.messages.length).toBe(2);
    if (queued.length === 1) {
      const consumer = retryConsumer(one.deps);
      expect((await consumer(sqsEvent(queued), lambdaContext())).batchItemFailures).toEqual([]);
    }
    expect(slack.messages).toHaveLength(2);
    expect(slack.messages[1]?.threadTs).toBe(roots[0]?.ts);
    const resolved = { ...body(0), message: '[RESOLVED] DiskFull shop (page production)' };
    await one.send('v2', resolved);
  });

  it('root deleted: the next alert message is delivered once, as a new root', async () => {
    const { send } = lambda();
    const [sensu] = SENDER_CASES.filter((c) => c.sender === 'sensu');
    if (sensu === undefined) throw new Error('no sensu case');
    await send(sensu.via, sensu.open);
    const [root] = slack.messages;
    slack.deleteMessage(CHANNEL, root?.ts ?? '');
    expect((await send(sensu.via, sensu.open)).statusCode).toBe(200);
    const delivered = slack.messages.filter((message) => !message.deleted);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.threadTs).toBeUndefined();
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: THREAD_FALLBACK.message,
        fields: expect.objectContaining({ reason: 'root_deleted' }),
      }),
    );
    // The new message is the root now: the resolution replies under it.
    await send(sensu.via, sensu.resolved);
    expect(slack.messages.at(-1)?.threadTs).toBe(delivered[0]?.ts);
  });

  it('update refused: the reply is delivered once, the root left as it was', async () => {
    const { send } = lambda();
    const [grafana] = SENDER_CASES.filter((c) => c.sender === 'grafana');
    if (grafana === undefined) throw new Error('no grafana case');
    slack.respond = (method) =>
      method === 'chat.update' ? { kind: 'error', error: 'cant_update_message' } : { kind: 'ok' };
    await send(grafana.via, grafana.open);
    expect((await send(grafana.via, grafana.resolved)).statusCode).toBe(204);
    const [root, reply, ...more] = slack.messages;
    expect(more).toEqual([]);
    expect(reply?.threadTs).toBe(root?.ts);
    expect(root?.updates).toHaveLength(0);
    expect(logs).toContainEqual(
      expect.objectContaining({
        fields: expect.objectContaining({
          reason: 'update_refused',
          slackError: 'cant_update_message',
        }),
      }),
    );
  });
});

describe("a whitelist entry's threads overrides the account's", () => {
  it('`thread`: the resolution is a reply shown only in the thread; `off`: a new message, no table call', async () => {
    const { send } = lambda();
    const [alertmanager] = SENDER_CASES.filter((c) => c.sender === 'alertmanager');
    if (alertmanager === undefined) throw new Error('no alertmanager case');
    await send(alertmanager.via, alertmanager.open, QUIET_TOKEN);
    await send(alertmanager.via, alertmanager.resolved, QUIET_TOKEN);
    const [root, reply] = slack.messages;
    expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: false });
    expect(root?.updates).toHaveLength(1);

    const dynamodb = mockClient(DynamoDBClient);
    const flat = lambda({ dynamodb: new DynamoDBClient({ region: 'eu-west-1' }) });
    await flat.send(alertmanager.via, alertmanager.open, FLAT_TOKEN);
    await flat.send(alertmanager.via, alertmanager.resolved, FLAT_TOKEN);
    expect(slack.messages.slice(2).map((message) => message.threadTs)).toEqual([
      undefined,
      undefined,
    ]);
    expect(dynamodb.calls()).toHaveLength(0);
    dynamodb.restore();
  });
});

describe('over the Lambda handler, the thread table on aws-sdk-client-mock', () => {
  it.each([
    [
      'throttled',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    [
      'unreachable',
      Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { name: 'TimeoutError' }),
    ],
  ])('store %s: every message delivered once, as a new message, logged', async (_, failure) => {
    const dynamodb = mockClient(DynamoDBClient);
    dynamodb.on(GetItemCommand).rejects(failure);
    dynamodb.on(UpdateItemCommand).rejects(failure);
    const { send } = lambda({ dynamodb: new DynamoDBClient({ region: 'eu-west-1' }) });
    const [nagios] = SENDER_CASES.filter((c) => c.sender === 'nagios');
    if (nagios === undefined) throw new Error('no nagios case');
    for (const body of [nagios.open, nagios.resolved, nagios.open]) {
      expect((await send(nagios.via, body)).statusCode).toBe(200);
    }
    expect(slack.messages.map((message) => message.threadTs)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(logs.filter((line) => line.message === THREAD_FALLBACK.message)).toHaveLength(3);
    expect(dynamodb.commandCalls(GetItemCommand).length).toBeGreaterThan(0);
    dynamodb.restore();
  });

  it('a message with no lifecycle key reads nothing from the table', async () => {
    const dynamodb = mockClient(DynamoDBClient);
    const { send } = lambda({ dynamodb: new DynamoDBClient({ region: 'eu-west-1' }) });
    expect(
      (await send('v2', { message: 'Deploy of shop-api done', color: 'green' })).statusCode,
    ).toBe(204);
    expect(dynamodb.calls()).toHaveLength(0);
    expect(slack.messages).toHaveLength(1);
    dynamodb.restore();
  });
});

/** The retry consumer Lambda's handler over these dependencies, as src/handlers/retry.ts builds it. */
function retryConsumer(deps: ProxyDependencies) {
  return createRetryConsumer({
    delivery: deps.threads?.delivery ?? deps.slack,
    control: createSqsRetryQueue({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
      deadLetterQueueUrl: DLQ_URL,
    }),
    logger,
    minDelayMs: 1_000,
    maxDelayMs: 60_000,
    maxAgeMs: 3_600_000,
    slackDeadlineMs: 1_000,
  });
}

/** The SQS event the consumer gets for what the handler enqueued, in order. */
function sqsEvent(inputs: SendMessageCommandInput[]): SQSEvent {
  return {
    Records: inputs.map((input, index) => ({
      messageId: `message-${index}`,
      receiptHandle: `receipt-${index}`,
      body: input.MessageBody ?? '',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
        MessageGroupId: input.MessageGroupId ?? '',
        MessageDeduplicationId: input.MessageDeduplicationId ?? '',
        SequenceNumber: String(index + 1),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:hipchat-proxy-retry.fifo',
      awsRegion: 'eu-west-1',
    })),
  };
}
