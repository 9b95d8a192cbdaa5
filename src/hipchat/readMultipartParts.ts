import { HipChatError } from './HipChatError.js';

/** One part of a multipart body, its transfer encoding undone. */
export interface MultipartPart {
  /** Content-Disposition `name` (`metadata`, `file`, a form field's name). */
  readonly name: string | undefined;
  /** Content-Disposition `filename` (or `filename*`), as sent: it may hold a path. */
  readonly filename: string | undefined;
  /** The part's Content-Type essence in lower case (`application/json`); '' when absent or empty. */
  readonly contentType: string;
  /** The content: base64 and quoted-printable decoded, anything else as sent. */
  readonly bytes: Buffer;
}

export interface MultipartInput {
  body: string | null | undefined;
  isBase64Encoded: boolean;
  /** The request's Content-Type, which carries the boundary. */
  contentType: string;
  maxBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a `multipart/*` body (`related`, `form-data`, `mixed`) into its parts, as tolerant
 * as real clients need: lines may end in CRLF or LF alone (hipchat-rb's `send_file` joins
 * its lines with "\n"), a part may lack headers or carry an empty Content-Type, and a
 * base64 part may be wrapped at any width. What cannot be read exactly — no boundary, no
 * closing delimiter (a cut-off upload), bad base64 — is HipChat's 400, never a guess.
 * The one price of accepting both line endings: a raw (not base64) part whose bytes end in
 * CR, in an LF-only body, loses that CR to the line break (no known client sends that).
 *
 * @example
 * readMultipartParts({ body, isBase64Encoded: true, contentType: 'multipart/related; boundary=sendfileboundary', maxBytes: 1_048_576 });
 * // [{ name: 'metadata', contentType: 'application/json', … }, { name: 'file', filename: 'build.log', bytes: <Buffer …> }]
 */
export function readMultipartParts(input: MultipartInput): MultipartPart[] {
  const boundary = boundaryOf(input.contentType);
  const bytes = Buffer.from(input.body ?? '', input.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > input.maxBytes) {
    throw new HipChatError(413, `The request body is larger than ${input.maxBytes} bytes.`);
  }
  const parts: MultipartPart[] = [];
  let delimiter = findDelimiter(bytes, boundary, 0);
  if (delimiter === undefined) throw malformed('it has no part that starts with its boundary');
  while (!delimiter.closes) {
    const next = findDelimiter(bytes, boundary, delimiter.contentStart);
    if (next === undefined) throw malformed('it ends before its closing boundary');
    parts.push(readPart(bytes.subarray(delimiter.contentStart, next.lineStart)));
    delimiter = next;
  }
  if (parts.length === 0) throw malformed('it has no parts');
  return parts;
}

/** The boundary parameter of a multipart Content-Type (quoted or not). */
function boundaryOf(contentType: string): string {
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) {
    throw HipChatError.badRequest('The multipart Content-Type names no boundary.');
  }
  return boundary;
}

interface Delimiter {
  /** Where the line break before the delimiter starts: the previous part's content ends here. */
  lineStart: number;
  /** Where the next part begins, after the delimiter's own line. */
  contentStart: number;
  /** `--boundary--`: nothing but the epilogue follows. */
  closes: boolean;
}

/** The next `--boundary` that begins a line (or the body), from `from` on. */
function findDelimiter(bytes: Buffer, boundary: string, from: number): Delimiter | undefined {
  const marker = Buffer.from(`--${boundary}`, 'utf8');
  for (let at = bytes.indexOf(marker, from); at !== -1; at = bytes.indexOf(marker, at + 1)) {
    const startsLine = at === 0 || bytes[at - 1] === LF;
    if (!startsLine) continue;
    let after = at + marker.length;
    const closes = bytes[after] === 0x2d && bytes[after + 1] === 0x2d; // "--"
    if (closes) after += 2;
    // Transport padding (RFC 2046 §5.1.1) up to the end of the line.
    while (bytes[after] === 0x20 || bytes[after] === 0x09) after += 1;
    if (bytes[after] === CR) after += 1;
    const endsLine = after >= bytes.length || bytes[after] === LF;
    if (!endsLine && !closes) continue;
    let lineStart = at;
    if (at > 0) lineStart = bytes[at - 2] === CR && at >= 2 ? at - 2 : at - 1;
    return { lineStart, contentStart: Math.min(bytes.length, after + 1), closes };
  }
  return undefined;
}

function readPart(raw: Buffer): MultipartPart {
  const { headers, content } = splitHeaders(raw);
  const disposition = parameters(headers.get('content-disposition') ?? '');
  const contentType = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  return {
    name: disposition.get('name'),
    filename: disposition.get('filename*') ?? disposition.get('filename'),
    contentType,
    bytes: decodeContent(content, encoding),
  };
}

/** Headers up to the first empty line (CRLF or LF); a part that starts with content has none. */
function splitHeaders(raw: Buffer): { headers: Map<string, string>; content: Buffer } {
  const headers = new Map<string, string>();
  let at = 0;
  let last: string | undefined;
  for (;;) {
    const end = raw.indexOf(LF, at);
    const lineEnd = end === -1 ? raw.length : end;
    const line = raw.toString('utf8', at, raw[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd);
    if (line === '') return { headers, content: raw.subarray(Math.min(raw.length, lineEnd + 1)) };
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`); // folded header
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) {
        // Not a header: the part has no header block and this is already its content.
        return headers.size === 0 ? { headers, content: raw } : malformedPart();
      }
      last = line.slice(0, colon).trim().toLowerCase();
      headers.set(last, line.slice(colon + 1).trim());
    }
    if (end === -1) return { headers, content: Buffer.alloc(0) };
    at = end + 1;
  }
}

function malformedPart(): never {
  throw malformed('a part has a header line without a colon');
}

/** `attachment; name="file"; filename="a b.txt"` → name, filename (RFC 5987 `filename*` decoded). */
function parameters(value: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /;\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = (match[1] ?? '').toLowerCase();
    const quoted = match[2];
    // Only \" is unescaped: browsers and old clients send Windows paths with bare backslashes.
    let text = quoted === undefined ? (match[3] ?? '').trim() : quoted.replaceAll('\\"', '"');
    if (key.endsWith('*')) {
      const extended = /^[A-Za-z0-9_-]*'[^']*'(.*)$/.exec(text);
      try {
        text = decodeURIComponent(extended?.[1] ?? text);
      } catch {
        continue;
      }
    }
    found.set(key, text);
  }
  return found;
}

function decodeContent(content: Buffer, encoding: string): Buffer {
  switch (encoding) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return content;
    case 'base64': {
      const text = content.toString('latin1').replace(/[\s]+/g, '');
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1) {
        throw HipChatError.badRequest('A base64 part of the multipart body is not valid base64.');
      }
      return Buffer.from(text, 'base64');
    }
    case 'quoted-printable':
      return decodeQuotedPrintable(content);
    default:
      throw new HipChatError(415, `Unsupported Content-Transfer-Encoding "${encoding}".`);
  }
}

function decodeQuotedPrintable(content: Buffer): Buffer {
  const text = content.toString('latin1').replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      out.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(out);
}

function malformed(why: string): HipChatError {
  return HipChatError.badRequest(`The request body is not a valid multipart body: ${why}.`);
}
