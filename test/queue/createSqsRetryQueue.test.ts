import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSqsRetryQueue, groupIdOf } from '../../src/queue/createSqsRetryQueue.js';
import { listDeadLetters } from '../../src/queue/listDeadLetters.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import { redriveDeadLetters } from '../../src/queue/redriveDeadLetters.js';
import { showDeadLetter } from '../../src/queue/showDeadLetter.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hipchat-proxy-retry.fifo';
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hipchat-proxy-dead.fifo';
const sqs = mockClient(SQSClient);

const entry = (id: string, reason?: string): RetryMessage => ({
  id,
  message: { channel: 'C0123456789', text: `message ${id}` },
  room: '1234',
  acceptedAt: '2026-11-24T12:00:00.000Z',
  lastError: 'http_503',
  ...(reason ? { deadLetter: { reason, at: '2026-11-24T13:00:00.000Z', attempts: 20 } } : {}),
});

const queue = () =>
  createSqsRetryQueue({
    client: new SQSClient({ region: 'eu-west-1' }),
    queueUrl: QUEUE,
    deadLetterQueueUrl: DLQ,
    now: () => new Date('2026-11-24T14:00:00Z'),
  });

beforeEach(() => {
  sqs.reset();
});

describe('the SQS retry queue', () => {
  it('enqueues to the FIFO queue, grouped by channel, de-duplicated by message id', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await queue().enqueue(entry('a'));
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      QueueUrl: QUEUE,
      MessageGroupId: 'C0123456789',
      MessageDeduplicationId: 'a',
    });
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual(entry('a'));
  });

  it('fails the enqueue when SQS fails, so the caller is not answered 204', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));
    await expect(queue().enqueue(entry('a'))).rejects.toThrow('ServiceUnavailable');
  });

  it('puts a message back by changing its visibility (whole seconds, at most 12 h)', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    await queue().retryLater('handle-1', 1_200);
    await queue().retryLater('handle-2', 10 ** 9);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'handle-1', VisibilityTimeout: 2 },
      { QueueUrl: QUEUE, ReceiptHandle: 'handle-2', VisibilityTimeout: 43_200 },
    ]);
  });

  it('writes dead letters with their reason to the dead-letter queue', async () => {
    sqs.on(SendMessageCommand).resolves({});
    await queue().deadLetter(entry('a', 'slack_rejected:channel_not_found'));
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(DLQ);
    expect(JSON.parse(input?.MessageBody ?? '').deadLetter.reason).toBe(
      'slack_rejected:channel_not_found',
    );
  });

  it('hashes a channel outside the FIFO group alphabet', () => {
    expect(groupIdOf('#builds')).toBe('#builds');
    expect(groupIdOf('#bü ilds')).toMatch(/^sha256-[0-9a-f]{64}$/);
  });
});

describe('dead letters over SQS', () => {
  const stored = [
    {
      MessageId: 'd1',
      ReceiptHandle: 'r1',
      Body: JSON.stringify(entry('a', 'slack_rejected:is_archived')),
    },
    {
      MessageId: 'd2',
      ReceiptHandle: 'r2',
      Body: JSON.stringify(entry('b')),
      Attributes: { SentTimestamp: '1764000000000' },
    },
    { MessageId: 'd3', ReceiptHandle: 'r3', Body: 'not json' },
  ];

  beforeEach(() => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: stored }).resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({});
    sqs.on(DeleteMessageBatchCommand).resolves({});
  });

  it('lists them with reasons (a redrive-policy move says so) and releases them again', async () => {
    const list = await listDeadLetters(queue(), { limit: 10 });
    expect(list.map((d) => [d.id, d.reason])).toEqual([
      ['a', 'slack_rejected:is_archived'],
      ['b', 'max_receive_count_exceeded'],
      ['d3', 'unreadable_message'],
    ]);
    expect(
      sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.ReceiptHandle),
    ).toEqual(['r1', 'r2', 'r3']);
  });

  it('shows one whole', async () => {
    expect((await showDeadLetter(queue(), 'a'))?.entry.message.text).toBe('message a');
  });

  it('redrives the chosen ones to the retry queue under a fresh de-duplication id, then deletes them', async () => {
    expect(await redriveDeadLetters(queue(), { ids: ['b'] })).toEqual(['b']);
    const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe(QUEUE);
    expect(sent?.MessageDeduplicationId).toMatch(/^b:redrive:/);
    expect(JSON.parse(sent?.MessageBody ?? '').deadLetter).toBeUndefined();
    expect(sqs.commandCalls(DeleteMessageBatchCommand)[0]?.args[0].input.Entries).toEqual([
      { Id: '0', ReceiptHandle: 'r2' },
    ]);
    expect(
      sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.ReceiptHandle),
    ).toEqual(['r1', 'r3']);
  });

  it('redrives all readable ones on request, never an unreadable body', async () => {
    expect(await redriveDeadLetters(queue(), { all: true })).toEqual(['a', 'b']);
  });
});
