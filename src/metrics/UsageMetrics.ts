import type { RequestRecord } from './RequestRecord.js';

/**
 * What a request's access log line carries besides the record, so that the same line is also
 * the usage metrics (who still sends, what fails, how slow Slack is) in CloudWatch's embedded
 * metric format. Optional in ProxyDependencies so tests and the local server can leave it out.
 */
export interface UsageMetrics {
  /** The members to merge into the request's log line; `undefined` when it counts for nothing. */
  fieldsFor(record: Omit<RequestRecord, 'startedAt'>): Record<string, unknown> | undefined;
}
