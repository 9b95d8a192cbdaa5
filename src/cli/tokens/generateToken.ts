const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** HipChat v2 tokens were 40 alphanumerics; some clients (Travis) pick the API by length. */
export const GENERATED_TOKEN_LENGTH = 40;

/**
 * A new HipChat-shaped token: 40 characters from [A-Za-z0-9], uniformly drawn (rejection
 * sampling, no modulo bias) from a cryptographic source — about 238 bits.
 *
 * @example
 * const token = generateToken(randomBytes);
 */
export function generateToken(randomBytes: (size: number) => Buffer): string {
  let token = '';
  while (token.length < GENERATED_TOKEN_LENGTH) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (byte < 248 && token.length < GENERATED_TOKEN_LENGTH) token += ALPHABET[byte % 62];
    }
  }
  return token;
}
