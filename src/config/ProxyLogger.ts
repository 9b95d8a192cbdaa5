/**
 * The one logger interface of the proxy (`createJsonLogger` writes it as JSON lines), so every
 * module that logs takes the same thing and tests pass a recorder. A module that only warns
 * asks for `Pick<ProxyLogger, 'warn'>`.
 *
 * @example
 * const logger: ProxyLogger = createJsonLogger({ service: 'hipchat-slack-proxy' });
 */
export interface ProxyLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
