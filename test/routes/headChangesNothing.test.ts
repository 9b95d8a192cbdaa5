import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes/routeTable.js';
import { api, TOKENS, useSendingApi } from '../support/sendingApi.js';

useSendingApi();

/** A HEAD over a real socket, as `curl -I` sends it: status and headers, no body. */
function head(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.baseUrl}${path}`, { method: 'HEAD' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every parameter a route could act on, in the query: what a HEAD would need to do harm. */
const QUERY = new URLSearchParams({
  auth_token: TOKENS.directory,
  room_id: '1234',
  from: 'curl',
  message: 'sent by a HEAD',
  topic: 'set by a HEAD',
}).toString();

describe('a HEAD changes nothing', () => {
  it("does not send v1's GET rooms/message: curl -I answers 405", async () => {
    await api.start();
    const answer = await head(`/v1/rooms/message?${QUERY}`);
    expect(answer.status).toBe(405);
    // The same call as a GET does send: the HEAD was refused, not the call malformed.
    const sent = await fetch(`${api.baseUrl}/v1/rooms/message?${QUERY}`);
    expect(sent.status).toBe(200);
    expect(api.slack.requests.map((r) => r.method)).toEqual(['chat.postMessage']);
  });

  it.each(
    ROUTES.map((route) => [route.path.replace(':room', '1234').replace(':user', 'jdoe'), route]),
  )('HEAD %s calls nothing in Slack that changes anything', async (path, route) => {
    await api.start();
    const answer = await head(`${path}?${QUERY}`);
    expect(answer.body).toBe('');
    const expected = route.methods.includes('GET') && !route.changes ? 200 : 405;
    expect(answer.status).toBe(expected);
    const changing = api.slack.requests.filter(
      (r) =>
        !/^(users\.(info|lookupByEmail)|conversations\.(list|info)|auth\.test)$/.test(r.method),
    );
    expect(changing).toEqual([]);
  });
});
