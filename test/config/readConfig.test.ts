import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/readConfig.js';

describe('readConfig', () => {
  it('refuses half an SQS pair, which would quietly fall back to a queue in memory', () => {
    const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/retry.fifo';
    expect(() => readConfig({ RETRY_QUEUE_URL: url })).toThrow('go together');
    expect(() => readConfig({ DEAD_LETTER_QUEUE_URL: url })).toThrow('go together');
    expect(readConfig({ RETRY_QUEUE_URL: url, DEAD_LETTER_QUEUE_URL: url }).retryQueueUrl).toBe(
      url,
    );
  });

  it('applies the documented defaults', () => {
    expect(readConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      whitelistTtlMs: 60_000,
      slackDeadlineMs: 5000,
      slackApiUrl: undefined,
    });
  });

  it('reads the contract names and treats blank values as unset', () => {
    const config = readConfig({
      WHITELIST_SECRET_ID: 'hipchat-proxy/whitelist',
      SLACK_TOKEN_SECRET_ID: ' ',
      WHITELIST_TTL_SECONDS: '5',
      SLACK_DEADLINE_MS: '2500',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
    });
    expect(config).toMatchObject({
      whitelistSecretId: 'hipchat-proxy/whitelist',
      slackTokenSecretId: undefined,
      whitelistTtlMs: 5000,
      slackDeadlineMs: 2500,
      slackApiUrl: 'http://127.0.0.1:9999/api/',
    });
  });

  it("reads the Lambda runtime's session token and the metrics namespace like any other setting", () => {
    expect(readConfig({}).awsSessionToken).toBeUndefined();
    expect(readConfig({}).metricsNamespace).toBe('HipChatSlackProxy');
    const config = readConfig({
      AWS_SESSION_TOKEN: 'session-token',
      POWERTOOLS_METRICS_NAMESPACE: 'Elsewhere',
    });
    expect(config.awsSessionToken).toBe('session-token');
    expect(config.metricsNamespace).toBe('Elsewhere');
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ SLACK_DEADLINE_MS: 'soon' })).toThrow(/SLACK_DEADLINE_MS/);
  });
});
