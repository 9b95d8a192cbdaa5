import type { ProxyRequest } from '../routes/ProxyRequest.js';
import type { IncomingRequest } from './IncomingRequest.js';
import { parseRequestBody } from './parseRequestBody.js';

/**
 * The request a route receives: what the adapter read, the route's parameters (the object
 * passed in, which the core fills once it has routed), and `body`, parsed on first read —
 * only v1's `format` looks at it, so no other request pays for parsing its body twice.
 *
 * @example
 * const params: Record<string, string> = {};
 * const req = createProxyRequest(incoming, params);
 * Object.assign(params, match.params);
 */
export function createProxyRequest(
  incoming: IncomingRequest,
  params: Readonly<Record<string, string>>,
): ProxyRequest {
  let parsed: { body: unknown } | undefined;
  return {
    ...incoming,
    params,
    get body() {
      parsed ??= {
        body: parseRequestBody(
          incoming.rawBody,
          incoming.isBase64Encoded,
          incoming.headers['content-type'],
        ),
      };
      return parsed.body;
    },
  };
}
