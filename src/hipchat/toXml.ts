/**
 * A v1 answer as XML, for callers that asked `format=xml`: one element per key, nested
 * objects as child elements, arrays as repeated `item` elements. HipChat's exact v1 XML is
 * not in any stored copy; this is the obvious mapping of its JSON (reference §1: "shape
 * unverified").
 *
 * @example
 * toXml('response', { status: 'sent' });
 * // '<?xml version="1.0" encoding="utf-8"?>\n<response><status>sent</status></response>'
 */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    return `<${name}>${value.map((item) => element(singular(name), item)).join('')}</${name}>`;
  }
  if (value !== null && typeof value === 'object') {
    const children = Object.entries(value).map(([key, child]) => element(key, child));
    return `<${name}>${children.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(value === null || value === undefined ? '' : String(value))}</${name}>`;
}

/** `rooms` holds `room` elements, anything else `item`s. */
function singular(name: string): string {
  return name.endsWith('s') && name.length > 1 ? name.slice(0, -1) : 'item';
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
