import { parse } from 'node:querystring';

/**
 * A body parsed the way lambda-api parsed it before any route ran, which v1's `format` form
 * field relies on: when the Content-Type contains `application/x-www-form-urlencoded`
 * (case-sensitive) its fields as `querystring.parse` reads them (at most 1,000; a repeated
 * name an array); otherwise the JSON value if it parses, else the text itself. Never throws:
 * the routes validate bodies themselves (readRequestBody) and answer HipChat's 400s.
 *
 * @example
 * parseRequestBody('format=xml&room_id=1', false, 'application/x-www-form-urlencoded'); // { format: 'xml', room_id: '1' }
 * parseRequestBody('{"format":"xml"}', false, undefined); // { format: 'xml' }
 */
export function parseRequestBody(
  rawBody: string | null | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
): unknown {
  const text = isBase64Encoded ? Buffer.from(rawBody || '', 'base64').toString() : rawBody;
  // querystring is loaded with Node itself (its ESM loader uses it): importing it costs nothing.
  if (contentType?.includes('application/x-www-form-urlencoded')) return parse(text ?? '');
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
