import { describe, expect, it } from 'vitest';
import { HipChatError } from '../../src/hipchat/HipChatError.js';
import { readMultipartParts } from '../../src/hipchat/readMultipartParts.js';
import { readSharedFile } from '../../src/hipchat/readSharedFile.js';

const read = (body: string | Buffer, contentType = 'multipart/related; boundary=b0undary') =>
  readMultipartParts({
    body: Buffer.isBuffer(body) ? body.toString('base64') : body,
    isBase64Encoded: Buffer.isBuffer(body),
    contentType,
    maxBytes: 1_048_576,
  });

const text = (part: { bytes: Buffer } | undefined) => part?.bytes.toString('utf8');

function refusal(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof HipChatError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a HipChatError');
}

describe('readMultipartParts', () => {
  const parts = ['--b0undary', 'Content-Disposition: form-data; name="a"', '', 'one', '--b0undary'];
  const twoParts = [
    ...parts,
    'Content-Disposition: form-data; name="b"',
    '',
    'two',
    '--b0undary--',
  ];

  it.each([
    ['CRLF', '\r\n'],
    ['LF only (hipchat-rb)', '\n'],
  ])('reads %s line endings the same', (_, eol) => {
    const read2 = read(twoParts.join(eol));
    expect(read2.map((p) => [p.name, text(p)])).toEqual([
      ['a', 'one'],
      ['b', 'two'],
    ]);
  });

  it('reads mixed line endings, a preamble, an epilogue, transport padding and a quoted boundary', () => {
    const body =
      'This is the preamble.\r\n--b0undary  \r\nContent-Disposition: form-data; name="a"\n\nx\r\n' +
      '--b0undary--\r\nthe epilogue';
    const found = read(body, 'multipart/form-data; boundary="b0undary"; charset=utf-8');
    expect(found.map((p) => [p.name, text(p)])).toEqual([['a', 'x']]);
  });

  it('keeps content that only looks like the boundary, and content line breaks', () => {
    const body = [
      '--b0undary',
      'Content-Disposition: form-data; name="a"',
      '',
      'line 1',
      'see --b0undary in the middle',
      '--b0undaryX is longer',
      '',
      '--b0undary--',
    ].join('\r\n');
    expect(text(read(body)[0])).toBe(
      'line 1\r\nsee --b0undary in the middle\r\n--b0undaryX is longer\r\n',
    );
  });

  it('keeps binary bytes exactly, CR and LF included', () => {
    const bytes = Buffer.from([0, 13, 10, 13, 10, 45, 45, 255, 254, 10]);
    const body = Buffer.concat([
      Buffer.from(
        '--b0undary\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n',
      ),
      bytes,
      Buffer.from('\r\n--b0undary--\r\n'),
    ]);
    const [part] = read(body);
    expect(part?.filename).toBe('x.bin');
    expect(part?.bytes.equals(bytes)).toBe(true);
  });

  it('decodes base64 wrapped at any width and quoted-printable', () => {
    const content = 'Grüße, a report\n'.repeat(10);
    const wrapped = Buffer.from(content)
      .toString('base64')
      .match(/.{1,60}/g)
      ?.join('\n');
    const body = [
      '--b0undary',
      'Content-Transfer-Encoding: BASE64',
      'Content-Disposition: attachment; name="file"; filename="r.txt"',
      '',
      wrapped,
      '',
      '--b0undary',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Disposition: attachment; name="q"',
      '',
      'Gr=C3=BC=C3=9Fe, soft=',
      'break',
      '--b0undary--',
    ].join('\n');
    const [file, quoted] = read(body);
    expect(text(file)).toBe(content);
    expect(text(quoted)).toBe('Grüße, softbreak');
  });

  it('reads folded headers, filename* (RFC 5987), an empty Content-Type and a part without headers', () => {
    const body = [
      '--b0undary',
      'Content-Type: ; charset=UTF-8',
      'Content-Disposition: attachment;',
      ` name="file"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
      '',
      'pdf',
      '--b0undary',
      '',
      'no headers here',
      '--b0undary--',
    ].join('\n');
    const [file, bare] = read(body);
    expect(file).toMatchObject({ name: 'file', filename: 'résumé.pdf', contentType: '' });
    expect(bare).toMatchObject({ name: undefined, filename: undefined });
    expect(text(bare)).toBe('no headers here');
  });

  it.each([
    ['no boundary parameter', parts.join('\n'), 'multipart/related', 'names no boundary'],
    ['no closing delimiter', parts.slice(0, 4).join('\n'), undefined, 'closing boundary'],
    ['no delimiter at all', 'just text', undefined, 'no part'],
    [
      'a header line without a colon',
      '--b0undary\nA: b\nnot a header\n\nx\n--b0undary--',
      undefined,
      'colon',
    ],
    [
      'bad base64',
      '--b0undary\nContent-Transfer-Encoding: base64\n\n@@@@\n--b0undary--',
      undefined,
      'not valid base64',
    ],
  ])('refuses %s with a 400 that says what is wrong', (_, body, contentType, words) => {
    const refused = refusal(() => read(body, contentType));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain(words);
  });

  it('refuses an unknown transfer encoding with 415 and a body over the limit with 413', () => {
    const body = '--b0undary\nContent-Transfer-Encoding: x-gzip64\n\nx\n--b0undary--';
    expect(refusal(() => read(body)).status).toBe(415);
    const tooBig = () =>
      readMultipartParts({
        body: 'x'.repeat(101),
        isBase64Encoded: false,
        contentType: 'multipart/related; boundary=b',
        maxBytes: 100,
      });
    expect(refusal(tooBig).status).toBe(413);
  });
});

describe('readSharedFile', () => {
  const shared = (body: string, contentType = 'multipart/related; boundary=b0undary') =>
    readSharedFile({ body, isBase64Encoded: false, contentType, maxBytes: 1_048_576 });

  it("takes HipChat's documented raw file part and strips a client's path from the name", () => {
    const body = [
      '--b0undary',
      'Content-Type: application/json; charset=UTF-8',
      'Content-Disposition: attachment; name="metadata"',
      '',
      '{"message": "Check out this file"}',
      '--b0undary',
      'Content-Disposition: attachment; name="file"; filename="C:\\fakepath\\upload.txt"',
      '',
      'this is my file',
      '--b0undary--',
    ].join('\r\n');
    const file = shared(body);
    expect(file).toMatchObject({ filename: 'upload.txt', message: 'Check out this file' });
    expect(file.bytes.toString()).toBe('this is my file');
  });

  it('finds the file as the first part with a filename, and the message as a form field', () => {
    const body = [
      '--b0undary',
      'Content-Disposition: form-data; name="message"',
      '',
      'see attached',
      '--b0undary',
      'Content-Disposition: form-data; name="upload"; filename="a.csv"',
      '',
      'a,b',
      '--b0undary--',
    ].join('\r\n');
    expect(shared(body, 'multipart/form-data; boundary=b0undary')).toMatchObject({
      filename: 'a.csv',
      message: 'see attached',
    });
  });

  it.each([
    [
      'an empty file',
      '--b0undary\nContent-Disposition: x; name="file"; filename="e"\n\n\n--b0undary--',
      'empty',
    ],
    [
      'metadata that is an array',
      '--b0undary\nContent-Disposition: x; name="metadata"\n\n[1]\n--b0undary\nContent-Disposition: x; name="file"\n\nx\n--b0undary--',
      'JSON object',
    ],
    [
      'a message that is not a string',
      '--b0undary\nContent-Disposition: x; name="metadata"\n\n{"message":5}\n--b0undary\nContent-Disposition: x; name="file"\n\nx\n--b0undary--',
      'message',
    ],
  ])('refuses %s with a 400', (_, body, words) => {
    const refused = refusal(() => shared(body));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain(words);
  });
});
