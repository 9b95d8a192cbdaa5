import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads one Secrets Manager secret's current string value with the SDK. Caching is the
 * caller's job (see createRefreshingValue); this only knows how to ask. The SDK is loaded on
 * the first read, not at import: a function that reads its secrets through the Parameters and
 * Secrets extension (createExtensionSecretReader) never loads it.
 *
 * @example
 * const readWhitelist = createSecretReader(() => Promise.resolve(new SecretsManagerClient({})), 'hipchat-proxy/whitelist');
 * const json = await readWhitelist();
 */
export function createSecretReader(client: () => Promise<SecretsManagerClient>, secretId: string) {
  return async (): Promise<string> => {
    const [{ GetSecretValueCommand }, secrets] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      client(),
    ]);
    const result = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (result.SecretString !== undefined) return result.SecretString;
    if (result.SecretBinary !== undefined) return Buffer.from(result.SecretBinary).toString('utf8');
    throw new Error(`secret ${secretId} has no value yet`);
  };
}

/**
 * Reads one secret through the AWS Parameters and Secrets Lambda Extension, over localhost
 * (`GET /secretsmanager/get?secretId=…` with the function's session token), so the function
 * needs no AWS SDK before its first answer. The stack turns the extension's own cache off:
 * the proxy's cache (createRefreshingValue) keeps the TTL, last good copy and fail-closed rules
 * of every mode.
 *
 * @example
 * const read = createExtensionSecretReader({ port: 2773, secretId: 'hipchat-slack-proxy/whitelist' });
 */
export function createExtensionSecretReader(options: {
  port: number;
  secretId: string;
  /** The function's AWS_SESSION_TOKEN, which the extension requires. */
  sessionToken?: string | undefined;
  timeoutMs?: number;
}) {
  const url = `http://localhost:${options.port}/secretsmanager/get?secretId=${encodeURIComponent(options.secretId)}`;
  return async (): Promise<string> => {
    const response = await fetch(url, {
      headers: { 'X-Aws-Parameters-Secrets-Token': options.sessionToken ?? '' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    const text = await response.text();
    if (!response.ok) {
      // The extension passes Secrets Manager's error on; its body names the error, not the value.
      throw new Error(
        `the secrets extension answered ${response.status} for ${options.secretId}: ${text.slice(0, 200)}`,
      );
    }
    let result: { SecretString?: unknown; SecretBinary?: unknown };
    try {
      result = JSON.parse(text) as typeof result;
    } catch {
      throw new Error(
        `the secrets extension answered something other than JSON for ${options.secretId}`,
      );
    }
    if (typeof result.SecretString === 'string') return result.SecretString;
    if (typeof result.SecretBinary === 'string') {
      return Buffer.from(result.SecretBinary, 'base64').toString('utf8');
    }
    throw new Error(`secret ${options.secretId} has no value yet`);
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
