import { describe, expect, it } from 'vitest';
import { createProxyRequest } from '../../src/http/createProxyRequest.js';
import type { IncomingRequest } from '../../src/http/IncomingRequest.js';

const incoming: IncomingRequest = {
  method: 'POST',
  path: '/v1/rooms/message',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  query: {},
  rawBody: 'format=xml',
  isBase64Encoded: false,
  requestId: 'req-1',
  remainingTimeMs: () => 1234,
};

describe('createProxyRequest', () => {
  it('carries what the adapter read', () => {
    const req = createProxyRequest(incoming, {});
    expect(req).toMatchObject({ method: 'POST', path: '/v1/rooms/message', requestId: 'req-1' });
    expect(req.remainingTimeMs()).toBe(1234);
  });

  it('parses the body on first read, once', () => {
    const req = createProxyRequest(incoming, {});
    const body = req.body;
    expect(body).toEqual({ format: 'xml' });
    expect(req.body).toBe(body);
  });

  it('shows the parameters the core fills in after routing', () => {
    const params: Record<string, string> = {};
    const req = createProxyRequest(incoming, params);
    Object.assign(params, { room: 'Ops%20Alerts' });
    expect(req.params.room).toBe('Ops%20Alerts');
  });
});
