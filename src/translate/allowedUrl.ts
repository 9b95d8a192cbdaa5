/** Schemes a link may point to: the web and e-mail; never `javascript:`, `data:`, `file:`. */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Schemes an image may be fetched from. */
export const IMAGE_SCHEMES: readonly string[] = ['http:', 'https:'];

/**
 * Returns the absolute URL a browser would follow for `href` when its scheme is one of
 * `schemes`, else `undefined` (relative, malformed or other schemes). The WHATWG parser's
 * normalised form is returned, not the raw attribute, so tabs, newlines and stray spaces
 * that browsers strip or encode cannot survive into the Slack link.
 *
 * @example
 * allowedUrl(' https://ci.example.com/job/1 '); // 'https://ci.example.com/job/1'
 * allowedUrl('javascript:alert(1)');            // undefined
 */
export function allowedUrl(
  href: string,
  schemes: readonly string[] = LINK_SCHEMES,
): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  return schemes.includes(url.protocol) ? url.href : undefined;
}
