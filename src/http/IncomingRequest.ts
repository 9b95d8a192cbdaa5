import type { ProxyRequest } from '../routes/ProxyRequest.js';

/**
 * What an adapter hands the HTTP core: the request as plain data, before routing gives it
 * `params` and before anything parses its `body`. Building one is all an adapter knows of the
 * core, and all the core knows of the runtime.
 *
 * @example
 * const incoming: IncomingRequest = {
 *   method: 'GET', path: '/health', headers: {}, query: {}, rawBody: '', isBase64Encoded: false,
 *   requestId: undefined, remainingTimeMs: () => undefined,
 * };
 */
export type IncomingRequest = Omit<ProxyRequest, 'params' | 'body'>;
