import type { Outcome } from './Outcome.js';
/**
 * What the access log line says about one request. Filled in as the request is handled and
 * written once when the answer is sent — never the token, the body or the query string.
 * The usage metrics are drawn from it (`UsageMetrics.fieldsFor`).
 */
export interface RequestRecord {
  startedAt: number;
  route?: string;
  room?: string;
  channel?: string;
  tokenLabel?: string;
  tokenSource?: 'header' | 'query' | 'body';
  outcome?: Outcome;
  status?: number;
  slackError?: string;
  slackLatencyMs?: number;
  slackAttempts?: number;
}
