import type { Request, Response } from 'lambda-api';
import { recordOf } from './recordOf.js';

/**
 * Sends an answer and notes its status in the request's record: the one place both happen, so
 * the log line always says what the caller got. Without a body it is HipChat's empty answer
 * (a 204 carried no Content-Type; lambda-api would add a JSON one).
 *
 * @example
 * answer(req, res, 204);
 * answer(req, res, 200, { status: 'ok' });
 */
export function answer(req: Request, res: Response, status: number, body?: unknown): void {
  recordOf(req).status = status;
  if (body === undefined) res.removeHeader('content-type').status(status).send('');
  else res.status(status).json(body);
}
