import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import { recordOf } from './recordOf.js';

/**
 * Sends an answer and notes its status in the request's record: the one place both happen, so
 * the log line always says what the caller got. Without a body it is HipChat's empty answer
 * (a 204 carried no Content-Type; every answer starts with a JSON one).
 *
 * @example
 * answer(req, res, 204);
 * answer(req, res, 200, { status: 'ok' });
 */
export function answer(
  req: ProxyRequest,
  res: ProxyResponse,
  status: number,
  body?: unknown,
): void {
  recordOf(req).status = status;
  if (body === undefined) res.removeHeader('content-type').status(status).send('');
  else res.status(status).json(body);
}
