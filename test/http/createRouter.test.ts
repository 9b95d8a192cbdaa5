import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/http/createRouter.js';

const router = createRouter([
  { method: 'GET', path: '/health', handler: 'health' },
  { method: 'GET', path: '/health/ready', handler: 'ready' },
  { method: 'GET', path: '/v2/room', handler: 'room.list' },
  { method: 'GET', path: '/v2/room/:room', handler: 'room.get' },
  { method: 'POST', path: '/v2/room/:room/notification', handler: 'room.notification' },
  { method: 'POST', path: '/v2/room/:room/share/file', handler: 'room.share_file' },
  { method: 'GET', path: '/v2/user/me', handler: 'user.me' },
  { method: 'GET', path: '/v2/user/:user', handler: 'user.get' },
  { method: 'POST', path: '/v2/user/:user/message', handler: 'user.message' },
  { method: 'POST', path: '/v1/rooms/message', handler: 'v1.post' },
  { method: 'GET', path: '/v1/rooms/message', handler: 'v1.get' },
]);

describe('createRouter', () => {
  it('finds a route and hands back its parameters raw, still percent-encoded', () => {
    expect(router.match('POST', '/v2/room/Ops%20Alerts/notification')).toEqual({
      kind: 'found',
      handler: 'room.notification',
      params: { room: 'Ops%20Alerts' },
    });
  });

  it('answers each method of a path from its own route', () => {
    expect(router.match('POST', '/v1/rooms/message')).toMatchObject({ handler: 'v1.post' });
    expect(router.match('GET', '/v1/rooms/message')).toMatchObject({ handler: 'v1.get' });
  });

  it('lets a static segment win over a parameter', () => {
    expect(router.match('GET', '/v2/user/me')).toMatchObject({ handler: 'user.me', params: {} });
    expect(router.match('GET', '/v2/user/jane')).toMatchObject({
      handler: 'user.get',
      params: { user: 'jane' },
    });
  });

  it('does not backtrack from a static segment to a parameter, as lambda-api did not', () => {
    // `me` took the static branch, which has no `message` below it.
    expect(router.match('POST', '/v2/user/me/message')).toEqual({ kind: 'unknown_path' });
    expect(router.match('POST', '/v2/user/jane/message')).toMatchObject({ kind: 'found' });
  });

  it('serves HEAD from the GET route, and nothing else from it', () => {
    expect(router.match('HEAD', '/v2/room/1234')).toMatchObject({ handler: 'room.get' });
    expect(router.match('HEAD', '/v2/room/1234/notification')).toEqual({ kind: 'wrong_method' });
    expect(router.match('OPTIONS', '/health')).toEqual({ kind: 'wrong_method' });
  });

  it('tells an unknown path (404) from a known path with another method (405)', () => {
    expect(router.match('GET', '/v2/nothing')).toEqual({ kind: 'unknown_path' });
    expect(router.match('GET', '/v2/room/1234/notification')).toEqual({ kind: 'wrong_method' });
    expect(router.match('GET', '/v2/room/1234/notification/x')).toEqual({ kind: 'unknown_path' });
  });

  it('treats a path that stops between routes as known: 405, as lambda-api answered', () => {
    expect(router.match('GET', '/v2')).toEqual({ kind: 'wrong_method' });
    expect(router.match('POST', '/v2/room/1234/share')).toEqual({ kind: 'wrong_method' });
  });

  it('splits the path as lambda-api did: trailing slashes and the query string ignored', () => {
    expect(router.match('GET', '/health/')).toMatchObject({ handler: 'health' });
    expect(router.match('GET', '/health///')).toMatchObject({ handler: 'health' });
    expect(router.match('GET', '/health?verbose=1')).toMatchObject({ handler: 'health' });
    expect(router.match('GET', ' /health ')).toMatchObject({ handler: 'health' });
    expect(router.match('GET', 'health')).toMatchObject({ handler: 'health' });
    // Without a leading slash nothing is stripped: the trailing one is an empty segment.
    expect(router.match('GET', 'health/')).toEqual({ kind: 'unknown_path' });
    expect(router.match('GET', '/')).toEqual({ kind: 'unknown_path' });
    expect(router.match('GET', '')).toEqual({ kind: 'wrong_method' });
  });

  it("matches an empty segment as a parameter's value", () => {
    expect(router.match('GET', '/v2/room//')).toMatchObject({ handler: 'room.list' });
    expect(router.match('POST', 'v2/room//notification')).toMatchObject({ params: { room: '' } });
  });

  it("keeps lambda-api's dead end for Object.prototype's names where a node has children", () => {
    expect(router.match('GET', '/v2/room/constructor')).toEqual({ kind: 'wrong_method' });
    expect(router.match('POST', '/v2/room/toString/notification')).toEqual({
      kind: 'unknown_path',
    });
    expect(router.match('GET', '/__proto__')).toEqual({ kind: 'wrong_method' });
    // A node without children had no object to look them up in.
    expect(router.match('GET', '/health/ready/constructor')).toEqual({ kind: 'unknown_path' });
    // Names that are not Object.prototype's are parameters as usual.
    expect(router.match('GET', '/v2/room/prototype')).toMatchObject({ handler: 'room.get' });
  });

  it('lists what it serves and refuses a route registered twice', () => {
    expect(router.routes()).toContainEqual(['GET', '/v2/room/:room']);
    expect(router.routes()).toHaveLength(11);
    expect(() =>
      createRouter([
        { method: 'GET', path: '/a/:x', handler: 1 },
        { method: 'GET', path: '/a/:y/', handler: 2 },
      ]),
    ).toThrow('GET /a/:y/ is registered twice');
  });
});
