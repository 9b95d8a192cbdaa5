import { tokenDigest } from '../auth/authorizeToken.js';
import { DEFAULT_TOKEN_SCOPES } from '../auth/grantedScopes.js';
import type { WhitelistDocument } from '../auth/whitelistSchema.js';

/**
 * The token `npm start` accepts when no WHITELIST_FILE is given, so a developer can try the
 * proxy at once. Only `npm start` accepts it (src/local/createLocalDependencies.ts): a Lambda
 * without a whitelist secret refuses every token, and its bundle does not hold this file. Forty characters, like a real HipChat v2 token (Travis picks the API version
 * from a token's length).
 */
export const DEVELOPMENT_TOKEN = 'hipchat-proxy-local-development-token-00';

/**
 * The development token's entry: the default scopes plus `admin_room`, so every call of the
 * README's tour — a topic on its room too — can be tried; no `view_group` (directory lookups
 * stay with a whitelist that lists them).
 */
export const DEVELOPMENT_WHITELIST: WhitelistDocument = {
  tokens: [
    {
      label: 'local-development',
      sha256: tokenDigest(DEVELOPMENT_TOKEN),
      scopes: [...DEFAULT_TOKEN_SCOPES, 'admin_room'],
    },
  ],
};
