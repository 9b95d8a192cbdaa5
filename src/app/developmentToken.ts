import { tokenDigest } from '../auth/authorizeToken.js';
import type { WhitelistDocument } from '../auth/whitelistSchema.js';

/**
 * The token `npm start` accepts when no WHITELIST_FILE is given, so a developer can try the
 * proxy at once. Only `npm start` accepts it (src/local/createLocalDependencies.ts): a Lambda
 * without a whitelist secret refuses every token, and its bundle does not hold this file. Forty characters, like a real HipChat v2 token (Travis picks the API version
 * from a token's length).
 */
export const DEVELOPMENT_TOKEN = 'hipchat-proxy-local-development-token-00';

export const DEVELOPMENT_WHITELIST: WhitelistDocument = {
  tokens: [{ label: 'local-development', sha256: tokenDigest(DEVELOPMENT_TOKEN) }],
};
