import { HipChatError } from './HipChatError.js';
import { type MultipartInput, readMultipartParts } from './readMultipartParts.js';

/**
 * Reads a `multipart/form-data` body's text fields — what hipchat-php's v1 client sends (PHP
 * curl with an array body). Parts that carry a file are ignored; a field that is not UTF-8
 * is HipChat's 400.
 *
 * @example
 * readMultipartForm({ body: raw, isBase64Encoded: true, contentType: 'multipart/form-data; boundary=x', maxBytes: 262144 });
 * // { room_id: 'Ops Alerts', from: 'cron', message: 'hi' }
 */
export function readMultipartForm(input: MultipartInput): Record<string, string> {
  const fields: Record<string, string> = {};
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const part of readMultipartParts(input)) {
    if (part.name === undefined || part.filename !== undefined) continue;
    try {
      fields[part.name] = utf8.decode(part.bytes);
    } catch {
      throw HipChatError.badRequest(`Field ${part.name} is not valid UTF-8.`, { field: part.name });
    }
  }
  return fields;
}
