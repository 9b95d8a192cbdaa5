import { createDecipheriv, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ExportError } from './ExportError.js';

/** The 8 bytes `openssl enc` writes before its salt: the file starts `Salted__`. */
export const OPENSSL_MAGIC = Buffer.from('Salted__', 'latin1');

/** `Salted__`, then the 8-byte salt: where the ciphertext starts. */
const HEADER_LENGTH = 16;

/**
 * OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, as `openssl enc -aes-256-cbc -md md5`
 * derives its key and IV from a password and the file's 8-byte salt:
 * D1 = MD5(password ‖ salt), Dn = MD5(Dn-1 ‖ password ‖ salt), key ‖ iv = D1 ‖ D2 ‖ D3.
 *
 * @example
 * const { key, iv } = opensslKeyAndIv('secret', salt); // 32 bytes, 16 bytes
 */
export function opensslKeyAndIv(password: string, salt: Buffer): { key: Buffer; iv: Buffer } {
  const secret = Buffer.from(password, 'utf8');
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (blocks.length * 16 < 48) {
    previous = createHash('md5').update(previous).update(secret).update(salt).digest();
    blocks.push(previous);
  }
  const bytes = Buffer.concat(blocks);
  return { key: bytes.subarray(0, 32), iv: bytes.subarray(32, 48) };
}

/**
 * The first whole blocks of an `openssl enc -aes-256-cbc -md md5` file's plain text, from the
 * file's first bytes (`start`, header included): enough to tell a right password from a wrong
 * one, since a wrong key turns them into noise rather than a gzip or tar header.
 *
 * @example
 * const plain = opensslPlainStart(firstKilobyte, password);
 * const isGzip = plain[0] === 0x1f && plain[1] === 0x8b;
 */
export function opensslPlainStart(start: Buffer, password: string): Buffer {
  const { key, iv } = opensslKeyAndIv(password, start.subarray(8, HEADER_LENGTH));
  const cipherText = start.subarray(HEADER_LENGTH);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return decipher.update(cipherText.subarray(0, cipherText.length - (cipherText.length % 16)));
}

/**
 * The plain text of an `openssl enc -aes-256-cbc -md md5` file, streamed. A file that ends
 * early or was damaged fails OpenSSL's padding check at the end: an `ExportError` saying so.
 *
 * @example
 * for await (const chunk of opensslDecrypted('export.tar.gz.aes', password)) parser.write(chunk);
 */
export async function* opensslDecrypted(file: string, password: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file);
  let decipher: ReturnType<typeof createDecipheriv> | undefined;
  let header = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (decipher === undefined) {
      header = Buffer.concat([header, chunk]);
      if (header.length < HEADER_LENGTH) continue;
      const { key, iv } = opensslKeyAndIv(password, header.subarray(8, HEADER_LENGTH));
      decipher = createDecipheriv('aes-256-cbc', key, iv);
      const plain = decipher.update(header.subarray(HEADER_LENGTH));
      if (plain.length > 0) yield plain;
      continue;
    }
    const plain = decipher.update(chunk);
    if (plain.length > 0) yield plain;
  }
  let last: Buffer;
  try {
    if (decipher === undefined) throw new Error('no encrypted data');
    last = decipher.final();
  } catch {
    throw new ExportError(`${file} is truncated or damaged: its encrypted data ends too early`);
  }
  if (last.length > 0) yield last;
}
