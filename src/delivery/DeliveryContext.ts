import type { RequestRecord } from '../metrics/RequestRecord.js';

/**
 * What delivery needs of the request it serves, as plain data: where to note what happened,
 * and how long Slack may take now. Delivery knows nothing of how the request arrived.
 */
export interface DeliveryContext {
  /** The request's access-log record: outcome, channel, Slack latency and error. */
  readonly record: RequestRecord;
  /** The Slack budget left to this request, in milliseconds, asked at each call. */
  budgetMs(): number;
}
