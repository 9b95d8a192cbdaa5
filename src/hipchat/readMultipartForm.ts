import { HipChatError } from './HipChatError.js';

/**
 * Reads a `multipart/form-data` body's text fields — what hipchat-php's v1 client sends (PHP
 * curl with an array body). Files are ignored. Uses the platform's own parser (fetch's
 * `Response.formData`), so there is no hand-written boundary scanning to get wrong.
 *
 * @example
 * await readMultipartForm({ body: raw, isBase64Encoded: true, contentType: 'multipart/form-data; boundary=x', maxBytes: 262144 });
 * // { room_id: 'Ops Alerts', from: 'cron', message: 'hi' }
 */
export async function readMultipartForm(input: {
  body: string | null | undefined;
  isBase64Encoded: boolean;
  contentType: string;
  maxBytes: number;
}): Promise<Record<string, string>> {
  const bytes = Buffer.from(input.body ?? '', input.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > input.maxBytes) {
    throw new HipChatError(413, `The request body is larger than ${input.maxBytes} bytes.`);
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': input.contentType } }).formData();
  } catch {
    throw HipChatError.badRequest('The request body is not valid multipart/form-data.');
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
  return fields;
}
