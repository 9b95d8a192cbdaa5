import type { RequestRecord } from '../metrics/RequestRecord.js';
import type { ProxyRequest } from './ProxyRequest.js';

const records = new WeakMap<ProxyRequest, RequestRecord>();

/**
 * The access-log record of a request, created on first use.
 *
 * @example
 * recordOf(req).route = 'room.topic';
 */
export function recordOf(req: ProxyRequest): RequestRecord {
  let record = records.get(req);
  if (record === undefined) {
    record = { startedAt: Date.now() };
    records.set(req, record);
  }
  return record;
}
