import { gunzipSync, inflateSync } from 'node:zlib';
import { decodeUrlComponent } from './decodeUrlComponent.js';
import { HipChatError } from './HipChatError.js';

/**
 * Turns the bytes of a HipChat API call into a plain object, the way real clients sent them:
 * JSON (with or without charset, sometimes with raw newlines inside strings — hipchat-cli
 * builds its JSON by hand), `application/x-www-form-urlencoded`, or either with no
 * Content-Type at all (early Grafana), in which case the body is sniffed.
 *
 * @example
 * readRequestBody({ body: '{"message":"hi"}', isBase64Encoded: false, contentType: undefined, maxBytes: 262144 });
 * // { message: 'hi' }
 */
export function readRequestBody(input: RequestBodyInput): Record<string, unknown> {
  const text = decodeBytes(input);
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const kind = bodyKind(input.contentType, trimmed);
  if (kind === 'json') return parseJsonObject(trimmed);
  if (kind === 'form') return parseForm(trimmed);
  throw new HipChatError(
    415,
    `Unsupported Content-Type "${contentTypeEssence(input.contentType)}": send application/json or application/x-www-form-urlencoded.`,
  );
}

/**
 * A form body's fields, the last value of a repeated name, `+` a space — and, unlike
 * URLSearchParams, a malformed escape (`%ZZ`) or escapes that are not UTF-8 (`%FF%FE`) refused
 * with a 400, as a JSON body that is not UTF-8 is, instead of kept literally or as U+FFFD.
 */
function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [name, value] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    fields[decodeUrlComponent(name, 'form')] = decodeUrlComponent(value, 'form');
  }
  return fields;
}

export interface RequestBodyInput {
  body: string | null | undefined;
  isBase64Encoded: boolean;
  contentType: string | undefined;
  contentEncoding?: string | undefined;
  maxBytes: number;
}

/** A UTF-16 surrogate without its other half: text that came from no valid UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Stateless between calls (no `stream` option), so one serves every request. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(input: RequestBodyInput): string {
  const body = input.body ?? '';
  const encoding = input.contentEncoding?.trim().toLowerCase();
  const encoded = encoding !== undefined && encoding !== '' && encoding !== 'identity';
  if (!input.isBase64Encoded) {
    if (LONE_SURROGATE.test(body)) throw notUtf8();
    // Well-formed text is its own UTF-8 decoding (a leading BOM, which decoding would drop, is
    // trimmed by the caller): only its size needs counting, not a copy made and decoded back.
    if (!encoded) {
      if (Buffer.byteLength(body, 'utf8') > input.maxBytes) throw tooLarge(input.maxBytes);
      return body;
    }
  }
  let bytes = Buffer.from(body, input.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > input.maxBytes) throw tooLarge(input.maxBytes);
  if (encoded) {
    // Bounded inflation: a tiny gzip bomb must not cost more than an honest body would.
    const options = { maxOutputLength: input.maxBytes };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') bytes = gunzipSync(bytes, options);
      else if (encoding === 'deflate') bytes = inflateSync(bytes, options);
      else throw new HipChatError(415, `Unsupported Content-Encoding "${encoding}".`);
    } catch (error) {
      if (error instanceof HipChatError) throw error;
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooLarge(input.maxBytes);
      throw HipChatError.badRequest(`The request body is not valid ${encoding} data.`);
    }
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw notUtf8();
  }
}

function notUtf8() {
  return HipChatError.badRequest('The request body is not valid UTF-8.');
}

function tooLarge(maxBytes: number) {
  return new HipChatError(413, `The request body is larger than ${maxBytes} bytes.`);
}

function bodyKind(contentType: string | undefined, trimmed: string): 'json' | 'form' | 'other' {
  const essence = contentTypeEssence(contentType);
  // A JSON object is unmistakable whatever the header says (`curl -d` labels it a form).
  if (trimmed.startsWith('{')) return 'json';
  if (essence === 'application/x-www-form-urlencoded') return 'form';
  if (essence === '' || essence === 'text/plain') {
    return /^[^=&\s]+=/.test(trimmed) ? 'form' : 'json';
  }
  if (essence === 'application/json' || essence.endsWith('+json')) return 'json';
  return 'other';
}

function contentTypeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseJsonObject(text: string): Record<string, unknown> {
  const parsed = parseLenientJson(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw HipChatError.badRequest('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * JSON.parse, but raw control characters inside strings (a newline typed into a
 * hand-built JSON string) are read as the escapes their sender meant.
 */
function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(escapeControlCharactersInStrings(text));
    } catch {
      // Never echo the body: some clients repeat their token in it.
      throw HipChatError.badRequest('The request body is not valid JSON.');
    }
  }
}

function escapeControlCharactersInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      const code = ch.charCodeAt(0);
      if (code < 0x20) {
        out += CONTROL_ESCAPES[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`;
        continue;
      }
    } else if (ch === '"') {
      inString = true;
    }
    out += ch;
  }
  return out;
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
