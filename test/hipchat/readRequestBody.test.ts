import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HipChatError } from '../../src/hipchat/HipChatError.js';
import { readRequestBody } from '../../src/hipchat/readRequestBody.js';

const read = (
  body: string,
  contentType?: string,
  extra: Partial<Parameters<typeof readRequestBody>[0]> = {},
) => readRequestBody({ body, isBase64Encoded: false, contentType, maxBytes: 1024, ...extra });

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof HipChatError ? error.status : 'not a HipChatError';
  }
  return 'no error';
};

describe('readRequestBody', () => {
  it('reads JSON, with or without a charset', () => {
    expect(read('{"message":"a"}', 'application/json; charset=UTF-8')).toEqual({ message: 'a' });
  });

  it('reads a body that starts with a byte-order mark, as text or as base64 bytes', () => {
    expect(read('\ufeff{"message":"a"}', 'application/json')).toEqual({ message: 'a' });
    const bytes = Buffer.from('\ufeff{"message":"a"}', 'utf8').toString('base64');
    expect(read(bytes, 'application/json', { isBase64Encoded: true })).toEqual({ message: 'a' });
  });

  it("counts a text body's size in UTF-8 bytes, as the caller sent them", () => {
    const fits = `{"message":"${'é'.repeat(500)}"}`; // 1,014 bytes, 514 characters
    expect(read(fits, 'application/json')).toEqual({ message: 'é'.repeat(500) });
    expect(statusOf(() => read(`{"message":"${'é'.repeat(510)}"}`, 'application/json'))).toBe(413);
  });

  it('reads raw control characters inside JSON strings as their escapes, and leaves escaped ones alone', () => {
    expect(read('{"message":"a\nb\tc \\"q\\" \\n"}', 'application/json')).toEqual({
      message: 'a\nb\tc "q" \n',
    });
  });

  it('reads forms, decoding + and percent escapes', () => {
    expect(read('message=a+b%26c&notify=1', 'application/x-www-form-urlencoded')).toEqual({
      message: 'a b&c',
      notify: '1',
    });
  });

  it('sniffs a body without a content type', () => {
    expect(read('{"message":"a"}')).toEqual({ message: 'a' });
    expect(read('message=a&color=red')).toEqual({ message: 'a', color: 'red' });
  });

  it('decodes base64 and gzip, as the ALB passes compressed bodies', () => {
    const body = gzipSync('{"message":"zipped"}').toString('base64');
    expect(
      read(body, 'application/json', { isBase64Encoded: true, contentEncoding: 'gzip' }),
    ).toEqual({ message: 'zipped' });
  });

  it.each([
    ['too many bytes', () => read(`{"message":"${'x'.repeat(2000)}"}`, 'application/json'), 413],
    [
      'a gzip bomb',
      () =>
        read(gzipSync('x'.repeat(100_000)).toString('base64'), 'application/json', {
          isBase64Encoded: true,
          contentEncoding: 'gzip',
        }),
      413,
    ],
    ['broken JSON', () => read('{"message":', 'application/json'), 400],
    [
      'invalid UTF-8',
      () =>
        read(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), 'application/json', {
          isBase64Encoded: true,
        }),
      400,
    ],
    [
      'a text body with a lone surrogate',
      () => read('{"message":"a\ud800b"}', 'application/json'),
      400,
    ],
    ['XML', () => read('<message>hi</message>', 'application/xml'), 415],
    ['brotli', () => read('abc', 'application/json', { contentEncoding: 'br' }), 415],
  ])('refuses %s with a HipChat error', (_, fn, status) => {
    expect(statusOf(fn)).toBe(status);
  });
});
