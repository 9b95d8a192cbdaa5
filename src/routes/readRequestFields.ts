import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';
import { readMultipartForm } from '../hipchat/readMultipartForm.js';
import { readRequestBody } from '../hipchat/readRequestBody.js';
import type { ProxyRequest } from './ProxyRequest.js';

/**
 * The request's fields: its body (JSON or form, as `readRequestBody` reads it, or
 * `multipart/form-data` as hipchat-php's v1 client sends it), and with
 * `withQuery` also the query parameters underneath — v1 took every field from either, and
 * its GET form has no body at all. Body fields win over query fields of the same name.
 *
 * @example
 * const fields = await readRequestFields(deps, req, { withQuery: true }); // { room_id: 'Ops Alerts', … }
 */
export async function readRequestFields(
  deps: ProxyDependencies,
  req: ProxyRequest,
  options: { withQuery?: boolean } = {},
): Promise<Record<string, unknown>> {
  const contentType = req.headers['content-type'] ?? '';
  const body = /^\s*multipart\/form-data\s*;/i.test(contentType)
    ? readMultipartForm({
        body: req.rawBody,
        isBase64Encoded: req.isBase64Encoded,
        contentType,
        maxBytes: deps.maxBodyBytes,
      })
    : readRequestBody({
        body: req.rawBody,
        isBase64Encoded: req.isBase64Encoded,
        contentType: req.headers['content-type'],
        contentEncoding: req.headers['content-encoding'],
        maxBytes: deps.maxBodyBytes,
      });
  if (!options.withQuery) return body;
  const query: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(req.query)) {
    if (typeof raw === 'string') query[key] = decodeUrlComponent(raw, 'query');
  }
  return { ...query, ...body };
}
