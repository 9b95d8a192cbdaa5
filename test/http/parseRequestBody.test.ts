import { describe, expect, it } from 'vitest';
import { parseRequestBody } from '../../src/http/parseRequestBody.js';

const FORM = 'application/x-www-form-urlencoded';

describe('parseRequestBody', () => {
  it('reads a form body into its fields, decoding + and %XX', () => {
    expect(parseRequestBody('format=xml&room_id=Ops+Alerts&x=%41', false, FORM)).toEqual({
      format: 'xml',
      room_id: 'Ops Alerts',
      x: 'A',
    });
  });

  it('reads a base64 form body, and a charset after the type', () => {
    const body = Buffer.from('format=xml').toString('base64');
    expect(parseRequestBody(body, true, `${FORM}; charset=utf-8`)).toEqual({ format: 'xml' });
  });

  it('gives a repeated field as an array and reads only the first 1,000 fields', () => {
    expect(parseRequestBody('format=xml&format=json', false, FORM)).toEqual({
      format: ['xml', 'json'],
    });
    const many = `${'a=1&'.repeat(1000)}format=xml`;
    expect(parseRequestBody(many, false, FORM)).not.toHaveProperty('format');
  });

  it('matches the form content type case-sensitively, as lambda-api did, else tries JSON', () => {
    expect(parseRequestBody('format=xml', false, 'Application/X-WWW-Form-Urlencoded')).toBe(
      'format=xml',
    );
    expect(parseRequestBody('{"format":"xml"}', false, 'text/plain')).toEqual({ format: 'xml' });
    expect(parseRequestBody('123', false, undefined)).toBe(123);
  });

  it('falls back to the text, and passes an absent body through', () => {
    expect(parseRequestBody('not json', false, 'application/json')).toBe('not json');
    expect(parseRequestBody('', false, undefined)).toBe('');
    expect(parseRequestBody(null, false, undefined)).toBeNull();
    expect(parseRequestBody(undefined, false, undefined)).toBeUndefined();
    expect(parseRequestBody(undefined, false, FORM)).toEqual({});
  });
});
