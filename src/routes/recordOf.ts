import type { Request } from 'lambda-api';
import type { RequestRecord } from '../metrics/RequestRecord.js';

const records = new WeakMap<Request, RequestRecord>();

/**
 * The access-log record of a request, created on first use.
 *
 * @example
 * recordOf(req).route = 'room.topic';
 */
export function recordOf(req: Request): RequestRecord {
  let record = records.get(req);
  if (record === undefined) {
    record = { startedAt: Date.now() };
    records.set(req, record);
  }
  return record;
}
