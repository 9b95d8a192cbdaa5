import type { RequestRecord } from '../handlers/requestRecord.js';

/**
 * Where each request's record goes, besides the log line: the usage metrics (who still
 * sends, what fails, how slow Slack is). Optional in ProxyDependencies so tests and the
 * local server can leave it out.
 */
export interface UsageMetrics {
  record(record: Omit<RequestRecord, 'startedAt'>): void;
}
