import { describe, expect, it } from 'vitest';
import { createProxyApi } from '../../src/http/createProxyApi.js';
import { ROUTES } from '../../src/routes/routeTable.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

const tableEntries = () =>
  ROUTES.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`)).sort();

describe('the route table is what the proxy serves', () => {
  it('registers exactly the table: every method and path, and HEAD where a GET changes something', () => {
    const { deps } = proxyHarness();
    const served = createProxyApi(deps)
      .routes()
      .map(([method, path]) => `${method} ${path}`)
      .sort();
    // …and, where a GET changes something, a HEAD that refuses to run it.
    const headRefusals = ROUTES.filter((r) => r.changes && r.methods.includes('GET')).map(
      (r) => `HEAD ${r.path}`,
    );
    expect(headRefusals).toEqual(['HEAD /v1/rooms/message']);
    expect(served).toEqual([...tableEntries(), ...headRefusals].sort());
    expect(served.length).toBeGreaterThanOrEqual(13);
  });

  it('names each route once, and the name is what the request line records', async () => {
    const names = ROUTES.map((route) => route.name);
    expect(new Set(names).size).toBe(names.length);
    const proxy = proxyHarness();
    await proxy.handler(albEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(proxy.logs.at(-1)?.extra).toMatchObject({ route: 'health', status: 200 });
  });

  it("a token without a route's scope is refused with exactly the table's scopes", async () => {
    const proxy = proxyHarness();
    const topic = ROUTES.find((route) => route.name === 'room.topic');
    expect(topic?.scopes).toEqual(['admin_room']);
    const result = await proxy.handler(
      albEvent({
        method: 'PUT',
        path: '/v2/room/1234/topic',
        headers: {
          authorization: `Bearer ${TOKENS.ops}`,
          'content-type': 'application/json',
        },
        body: '{"topic":"x"}',
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(result.body).toContain("[u'admin_room']");
  });
});
