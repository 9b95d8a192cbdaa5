import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads one Secrets Manager secret's current string value. Caching is the caller's job
 * (see createRefreshingValue); this only knows how to ask.
 *
 * @example
 * const readWhitelist = createSecretReader(new SecretsManagerClient({}), 'hipchat-proxy/whitelist');
 * const json = await readWhitelist();
 */
export function createSecretReader(client: SecretsManagerClient, secretId: string) {
  return async (): Promise<string> => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (result.SecretString !== undefined) return result.SecretString;
    if (result.SecretBinary !== undefined) return Buffer.from(result.SecretBinary).toString('utf8');
    throw new Error(`secret ${secretId} has no value yet`);
  };
}

/**
 * The Slack bot token inside its secret: either the bare `xoxb-…` string or JSON
 * `{"token":"xoxb-…"}` (what the console's key/value editor produces).
 */
export function parseSlackTokenSecret(secret: string): string {
  const trimmed = secret.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // JSON.parse quotes the input in its message: never let that reach a log.
      throw new Error('the Slack token secret looks like JSON but does not parse');
    }
    const token = (parsed as { token?: unknown } | null)?.token;
    if (typeof token === 'string' && token.trim() !== '') return token.trim();
    throw new Error('the Slack token secret is JSON without a "token" string');
  }
  if (trimmed === '') throw new Error('the Slack token secret is empty');
  return trimmed;
}
