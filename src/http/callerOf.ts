import type { ProxyRequest } from '../routes/ProxyRequest.js';

/** Who called, as the load balancer saw it: what the request log line says about the caller. */
export interface Caller {
  /** The address the ALB (or `npm start`'s emulation of it) took the connection from. */
  callerAddress: string | undefined;
  /** The listener it arrived on: `http` is a sender still using plain HTTP (port 80). */
  scheme: 'http' | 'https' | undefined;
}

/** The characters of an IPv4 or IPv6 address (with a zone); anything else is not logged. */
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}(%[\w.-]{1,32})?$/;

/**
 * The caller's address and scheme from the headers the load balancer adds. A sender may send
 * its own `X-Forwarded-For`; the ALB appends the address it saw, so only the last entry of the
 * list is trusted (the local server appends its socket's address the same way). The scheme is
 * `X-Forwarded-Proto`, the listener's. A value that is not an address or a scheme is dropped:
 * the log line never carries what a sender typed there (a token pasted into a header).
 *
 * @example
 * callerOf({ headers: { 'x-forwarded-for': '203.0.113.9, 10.20.30.40', 'x-forwarded-proto': 'http' } });
 * // { callerAddress: '10.20.30.40', scheme: 'http' }
 */
export function callerOf(req: Pick<ProxyRequest, 'headers'>): Caller {
  const address = lastEntry(req.headers['x-forwarded-for']);
  const scheme = lastEntry(req.headers['x-forwarded-proto'])?.toLowerCase();
  return {
    callerAddress: address !== undefined && ADDRESS.test(address) ? address : undefined,
    scheme: scheme === 'http' || scheme === 'https' ? scheme : undefined,
  };
}

/** The last of a comma-separated header value (a repeated header arrives joined with `,`). */
function lastEntry(value: string | undefined): string | undefined {
  const last = value?.split(',').at(-1)?.trim();
  return last === '' ? undefined : last;
}
