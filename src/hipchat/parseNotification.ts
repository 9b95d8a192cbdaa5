import type * as z from 'zod/mini';
import { HipChatError } from './HipChatError.js';
import { type Notification, notificationSchema } from './notificationSchema.js';

/**
 * Validates a room-notification body, or throws the 400 HipChat would have sent: a message
 * that names the field, plus HipChat's `field` / `validation` details (reference §4).
 *
 * @example
 * parseNotification({ message: 'Build #12 passed', color: 'GREEN', notify: '1' });
 * // { message: 'Build #12 passed', color: 'green', message_format: 'html', notify: true }
 */
export function parseNotification(body: Record<string, unknown>): Notification {
  const result = notificationSchema.safeParse(body);
  if (result.success) return result.data;
  throw validationError(result.error.issues[0], body);
}

/** Turns the first zod issue into HipChat's 400, naming the field. */
export function validationError(
  issue: z.core.$ZodIssue | undefined,
  body: Record<string, unknown>,
): HipChatError {
  if (issue === undefined) return HipChatError.badRequest('Invalid request body.');
  const field = issue.path.map(String).join('.') || 'body';
  const value = valueAt(body, issue.path);
  const shown = describeValue(value);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) {
        return HipChatError.badRequest(`Missing required field '${field}'.`, {
          field,
          validation: 'required',
        });
      }
      return HipChatError.badRequest(
        `Value ${shown} for field '${field}' is not of type '${issue.expected}'.`,
        { field, validation: 'type', expected_type: issue.expected },
      );
    case 'invalid_value': {
      const options = issue.values.map(String);
      return HipChatError.badRequest(
        `Value ${shown} for field '${field}' is not in the enumeration: [${options.map((o) => `'${o}'`).join(', ')}].`,
        { field, validation: 'enum', options },
      );
    }
    case 'too_small':
      return HipChatError.badRequest(
        `Field '${field}' must be at least ${issue.minimum} character(s) long.`,
        { field, validation: 'length' },
      );
    case 'too_big':
      return HipChatError.badRequest(
        `Field '${field}' must be at most ${issue.maximum} characters long.`,
        { field, validation: 'length' },
      );
    default:
      return HipChatError.badRequest(`Invalid value for field '${field}'.`, { field });
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Short scalars are quoted back like HipChat did; anything long or structured is not. */
function describeValue(value: unknown): string {
  if (typeof value === 'string' && value.length <= 40) return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'of type array' : `of type ${typeof value}`;
}
