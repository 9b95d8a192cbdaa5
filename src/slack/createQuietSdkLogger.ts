import { type Logger, LogLevel } from '@slack/web-api';
import type { ProxyLogger } from '../config/ProxyLogger.js';

const TOKEN_SHAPE = /xox[a-z]-[A-Za-z0-9-]+/g;
const BEARER = /Bearer\s+\S+/gi;

/**
 * The `@slack/web-api` logger for our WebClient: its debug and info chatter is dropped (the
 * debug lines echo request bodies, and Lambda would bill us for them), its warnings and errors
 * go to `logger.warn` with anything token-like redacted, since the SDK does not promise that
 * its messages are free of secrets.
 *
 * @example
 * new WebClient(undefined, { logger: createQuietSdkLogger(logger, () => knownTokens) });
 */
export function createQuietSdkLogger(
  logger: Pick<ProxyLogger, 'warn'> | undefined,
  knownSecrets: () => Iterable<string> = () => [],
): Logger {
  const forward = (messages: unknown[]) => {
    if (logger === undefined) return;
    let detail = leadingText(messages).replace(TOKEN_SHAPE, '[redacted]');
    detail = detail.replace(BEARER, 'Bearer [redacted]');
    for (const secret of knownSecrets()) {
      if (secret.length > 0) detail = detail.split(secret).join('[redacted]');
    }
    logger.warn('Slack SDK warning', { detail });
  };
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => forward(messages),
    error: (...messages: unknown[]) => forward(messages),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}

/**
 * The SDK logs `(text)`, `(text, detail)`, and also passes `warn` to `forEach`, which adds an
 * index and the whole array: keep the leading strings, which carry the message.
 */
function leadingText(messages: unknown[]): string {
  const end = messages.findIndex((message) => typeof message !== 'string');
  const texts = end === -1 ? messages : messages.slice(0, Math.max(1, end));
  return texts.map(describe).join(' ');
}

function describe(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return `${message.name}: ${message.message}`;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}
