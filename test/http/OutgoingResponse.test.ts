import { describe, expect, it } from 'vitest';
import { OutgoingResponse } from '../../src/http/OutgoingResponse.js';

describe('OutgoingResponse', () => {
  it('starts as a 200 with a JSON content type, which json() keeps', () => {
    const res = new OutgoingResponse('GET');
    res.json({ status: 'ok' });
    expect(res.answer).toEqual({
      status: 200,
      headers: { 'content-type': ['application/json'] },
      body: '{"status":"ok"}',
    });
  });

  it('stores header names lower-case, replaces a value, and removes by any case', () => {
    const res = new OutgoingResponse('GET');
    res.header('X-RateLimit-Limit', '1').header('x-ratelimit-limit', '500');
    res.removeHeader('Content-Type').status(204).send('');
    expect(res.answer?.headers).toEqual({ 'x-ratelimit-limit': ['500'] });
  });

  it('keeps headers in the order they were first set', () => {
    const res = new OutgoingResponse('GET');
    res.header('b', '1').header('a', '2').header('Content-Type', 'application/xml');
    res.send('<x/>');
    expect(Object.keys(res.answer?.headers ?? {})).toEqual(['content-type', 'b', 'a']);
  });

  it('sends no body for HEAD, nor for a status that must have none', () => {
    const head = new OutgoingResponse('HEAD');
    head.json({ status: 'ok' });
    expect(head.answer).toMatchObject({
      body: '',
      headers: { 'content-type': ['application/json'] },
    });
    for (const status of [101, 204, 205, 304]) {
      const res = new OutgoingResponse('GET');
      res.status(status).send('text');
      expect(res.answer?.body).toBe('');
    }
  });

  it('is answered by the first send; what comes after changes nothing', () => {
    const res = new OutgoingResponse('POST');
    expect(res.answer).toBeUndefined();
    res.status(201).json({ id: 1 });
    res.header('x-late', '1').status(500).send('again');
    expect(res.answer).toEqual({
      status: 201,
      headers: { 'content-type': ['application/json'] },
      body: '{"id":1}',
    });
  });

  it('keeps only the named headers for an error answer (the content type goes too)', () => {
    const res = new OutgoingResponse('GET');
    res.header('x-ratelimit-limit', '500').header('x-other', 'y');
    res.keepOnlyHeaders(['x-ratelimit-limit']);
    res.status(403).json({ error: 'no' });
    expect(res.answer?.headers).toEqual({
      'x-ratelimit-limit': ['500'],
      'content-type': ['application/json'],
    });
  });

  it('sends an empty body for json(undefined), as lambda-api did', () => {
    const res = new OutgoingResponse('GET');
    res.json(undefined);
    expect(res.answer?.body).toBe('');
  });
});
