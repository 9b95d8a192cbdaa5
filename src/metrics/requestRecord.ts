import type { Request } from 'lambda-api';

/**
 * What the access log line says about one request. Filled in as the request is handled and
 * written once when the answer is sent — never the token, the body or the query string.
 */
export interface RequestRecord {
  startedAt: number;
  route?: string;
  room?: string;
  channel?: string;
  tokenLabel?: string;
  tokenSource?: 'header' | 'query' | 'body';
  outcome?: string;
  status?: number;
  slackError?: string;
  slackLatencyMs?: number;
  slackAttempts?: number;
}

const records = new WeakMap<Request, RequestRecord>();

/** The record of a request, created on first use. */
export function recordOf(req: Request): RequestRecord {
  let record = records.get(req);
  if (record === undefined) {
    record = { startedAt: Date.now() };
    records.set(req, record);
  }
  return record;
}
