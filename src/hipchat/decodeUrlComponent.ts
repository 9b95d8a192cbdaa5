import { HipChatError } from './HipChatError.js';

/**
 * Decodes one path segment, query value or form field exactly once. The ALB hands paths and
 * queries over still percent-encoded, and lambda-api passes route params and query values on
 * raw (src/http). Query values and form fields also turn `+` into a space, as every HTML form
 * encoder meant; in a path `+` is a literal plus (HipChat did not decode it either). A malformed
 * escape, or escapes that are not UTF-8, is the caller's 400.
 *
 * @example
 * decodeUrlComponent('Ops%20Alerts', 'path'); // 'Ops Alerts'
 * decodeUrlComponent('a+b', 'query');         // 'a b'
 */
export function decodeUrlComponent(raw: string, where: 'path' | 'query' | 'form'): string {
  const text = where === 'path' ? raw : raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    throw HipChatError.badRequest(`The ${WHERE[where]} has a malformed percent-encoding.`);
  }
}

const WHERE = { path: 'request path', query: 'query string', form: 'form body' } as const;
