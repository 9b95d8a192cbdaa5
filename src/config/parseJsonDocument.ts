import type * as z from 'zod/mini';
import { ENGLISH_ISSUES } from './englishIssues.js';

/**
 * Parses an operator-written JSON document (whitelist, room map, …) against its schema.
 * Errors name the document and the offending path, and never echo the text: a whitelist or
 * a secret must not end up quoted in a log line.
 *
 * @example
 * const rooms = parseJsonDocument('{"1234":"C0123456789"}', roomMapSchema, 'the room map');
 */
export function parseJsonDocument<Schema extends z.ZodMiniType>(
  text: string,
  schema: Schema,
  what: string,
): z.output<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  const result = schema.safeParse(json, ENGLISH_ISSUES);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(root)';
    throw new Error(`${what} is invalid at "${path}": ${issue?.message}`);
  }
  return result.data;
}
