import type { ProxyRequest } from './ProxyRequest.js';

/**
 * The proxy's own base URL as the caller reached it: the scheme the ALB saw
 * (`x-forwarded-proto`) and the `host` the caller asked for. HypChat posts to the
 * `links.self` it read, so links must point back here, not at HipChat. A host that is not a
 * plain host[:port] is not echoed (it would let a caller plant a link elsewhere).
 *
 * @example
 * proxyBaseUrl(req); // 'https://hipchat.internal.example.com'
 */
export function proxyBaseUrl(req: ProxyRequest): string {
  const forwarded = req.headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  const host = req.headers.host?.trim() ?? '';
  return `${scheme}://${/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) ? host : 'localhost'}`;
}
