import * as z from 'zod/mini';
import { HipChatError } from './HipChatError.js';
import { MAX_MESSAGE_LENGTH } from './notificationSchema.js';
import { parseFields } from './parseFields.js';
import {
  type MultipartInput,
  type MultipartPart,
  readMultipartParts,
} from './readMultipartParts.js';

/** A file a caller shares, as `share/file` received it. */
export interface SharedFile {
  /** The file's name without any path the client sent (`C:\\fakepath\\a.png` → `a.png`). */
  readonly filename: string;
  readonly bytes: Buffer;
  /** The message sent with it (the `metadata` part's `message`, or a `message` field). */
  readonly message: string | undefined;
}

/**
 * The largest `share/file` request body: what the ALB passes to a Lambda target. A file sent
 * base64-encoded (hipchat-rb) can thus be about 750 KB, sent raw (curl `-F`) about 1 MB.
 */
export const MAX_SHARED_FILE_BODY_BYTES = 1024 * 1024;

const MULTIPART = /^\s*multipart\/(related|form-data|mixed)\s*;/i;

const metadataSchema = z.object({
  message: z.optional(z.nullable(z.string().check(z.maxLength(MAX_MESSAGE_LENGTH)))),
});

/**
 * Reads a `share/file` body the ways clients send it: HipChat's documented
 * `multipart/related` (a JSON `metadata` part with `{message}`, then a `file` part — base64
 * with LF-only lines from hipchat-rb, raw bytes from others) or `multipart/form-data` (curl
 * `-F file=@report.pdf -F message=…`). The file is the part named `file`, else the first part
 * with a filename.
 *
 * @example
 * readSharedFile({ body, isBase64Encoded: true, contentType: 'multipart/related; boundary=sendfileboundary', maxBytes: MAX_SHARED_FILE_BODY_BYTES });
 * // { filename: 'build.log', bytes: <Buffer …>, message: 'Nightly build log' }
 */
export function readSharedFile(input: MultipartInput): SharedFile {
  if (!MULTIPART.test(input.contentType)) {
    throw new HipChatError(
      415,
      'Share a file as multipart/related (a JSON "metadata" part and a "file" part) or multipart/form-data.',
    );
  }
  const parts = readMultipartParts(input);
  const file =
    parts.find((part) => part.name === 'file') ?? parts.find((part) => part.filename !== undefined);
  if (file === undefined) {
    throw HipChatError.badRequest('The request has no file: send it as a part named "file".', {
      field: 'file',
    });
  }
  if (file.bytes.length === 0) {
    throw HipChatError.badRequest('The file is empty.', { field: 'file' });
  }
  return { filename: baseName(file.filename), bytes: file.bytes, message: messageOf(parts) };
}

function messageOf(parts: readonly MultipartPart[]): string | undefined {
  const metadata = parts.find((part) => part.name === 'metadata');
  const field = parts.find((part) => part.name === 'message' && part.filename === undefined);
  if (metadata === undefined && field === undefined) return undefined;
  let fields: Record<string, unknown>;
  if (metadata !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8(metadata.bytes, 'metadata'));
    } catch (error) {
      if (error instanceof HipChatError) throw error;
      throw HipChatError.badRequest('The metadata part is not valid JSON.', { field: 'metadata' });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw HipChatError.badRequest('The metadata part must be a JSON object.', {
        field: 'metadata',
      });
    }
    fields = parsed as Record<string, unknown>;
  } else {
    fields = { message: utf8(field?.bytes ?? Buffer.alloc(0), 'message') };
  }
  const { message } = parseFields(metadataSchema, fields);
  return message === null || message === undefined || message.trim() === '' ? undefined : message;
}

function utf8(bytes: Buffer, field: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw HipChatError.badRequest(`The ${field} part is not valid UTF-8.`, { field });
  }
}

/** The last path segment of a client's filename, without control characters; `file` if none. */
function baseName(filename: string | undefined): string {
  const name = (filename ?? '')
    .split(/[\\/]/)
    .pop()
    ?.replace(/\p{Cc}/gu, '')
    .trim();
  return name === undefined || name === '' ? 'file' : name.slice(0, 255);
}
