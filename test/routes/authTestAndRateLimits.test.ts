import { describe, expect, it } from 'vitest';
import { api, form, json, TOKENS, useSendingApi } from '../support/sendingApi.js';

useSendingApi();

describe('auth_test, rate limits', () => {
  it.each([
    ['POST', '/v2/room/1234/message', { message: 'x' }],
    ['POST', '/v2/user/jdoe%40example.com/message', { message: 'x' }],
    ['PUT', '/v2/room/1234/topic', { topic: 'x' }],
    ['POST', '/v2/room/1234/share/link', { link: 'https://example.com' }],
    ['GET', '/v2/room/1234', undefined],
    ['GET', '/v2/room', undefined],
    ['POST', '/v2/room/1234/notification', { message: 'x' }],
  ])('%s %s?auth_test=true answers 202 and does nothing', async (method, path, body) => {
    await api.start();
    const token = method === 'PUT' ? TOKENS.admin : TOKENS.app;
    const answer = await fetch(`${api.baseUrl}${path}?auth_test=true&auth_token=${token}`, {
      method,
      ...(body === undefined ? {} : json(body)),
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({
      success: {
        code: 202,
        message: 'This auth_token has access to use this method.',
        type: 'Accepted',
      },
    });
    expect(api.slack.requests).toHaveLength(0);
  });

  it('counts each token separately, answers 429 (v2) / 403 (v1) past the limit, with headers on every answer', async () => {
    await api.start({ RATE_LIMIT: '2', RATE_LIMIT_WINDOW_SECONDS: '300' });
    const send = () =>
      fetch(`${api.baseUrl}/v2/room/1234/notification?auth_token=${TOKENS.app}`, {
        method: 'POST',
        ...json({ message: 'tick' }),
      });
    const answers = [await send(), await send(), await send()];
    expect(answers.map((a) => a.status)).toEqual([204, 204, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['2', '2', '2']);
    const reset = Number(answers[2]?.headers.get('x-ratelimit-reset'));
    expect(reset % 300).toBe(0);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(await answers[2]?.json()).toMatchObject({
      error: { code: 429, type: 'Too Many Requests', message: /exceeded the rate limit/ },
    });
    expect(api.slack.requests).toHaveLength(2);

    // Another token still has its own allowance.
    const other = await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('1');
    await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    const v1Over = await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    expect(v1Over.status).toBe(403);
    expect(((await v1Over.json()) as { error: { message: string } }).error.message).toMatch(
      /^You have exceeded the rate limit/,
    );

    // Answers that never reached a token still carry the headers (a full allowance).
    const unknownPath = await fetch(`${api.baseUrl}/v2/nowhere`);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(unknownPath.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  });
});
