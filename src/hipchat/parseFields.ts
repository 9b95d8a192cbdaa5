import type * as z from 'zod/mini';
import { validationError } from './parseNotification.js';

/**
 * Validates a request body against an endpoint's schema, or throws the 400 HipChat would
 * have sent, naming the field (the same rules as notifications).
 *
 * @example
 * parseFields(z.object({ topic: z.string().check(z.maxLength(250)) }), { topic: 'Deploy freeze' });
 */
export function parseFields<T extends z.ZodMiniType>(
  schema: T,
  body: Record<string, unknown>,
): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw validationError(result.error.issues[0], body);
}
