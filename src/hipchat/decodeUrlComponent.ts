import { HipChatError } from './HipChatError.js';

/**
 * Decodes one path segment or query value exactly once. The ALB hands both over still
 * percent-encoded, and the HTTP core passes route params and query values on raw (src/http).
 * Query values also turn `+` into a space, as every HTML form encoder meant;
 * in a path `+` is a literal plus (HipChat did not decode it either).
 *
 * @example
 * decodeUrlComponent('Ops%20Alerts', 'path'); // 'Ops Alerts'
 * decodeUrlComponent('a+b', 'query');         // 'a b'
 */
export function decodeUrlComponent(raw: string, where: 'path' | 'query'): string {
  const text = where === 'query' ? raw.replace(/\+/g, ' ') : raw;
  try {
    return decodeURIComponent(text);
  } catch {
    throw HipChatError.badRequest(
      where === 'path'
        ? 'The request path has a malformed percent-encoding.'
        : 'The query string has a malformed percent-encoding.',
    );
  }
}
