/**
 * The one logging call Slack delivery makes: warnings an operator may want to see (a token
 * reload, the SDK's own warnings). Powertools' Logger and the proxy's logger fit as they are.
 *
 * @example
 * createSlackDelivery({ tokens, deadlineMs: 3_000, logger: new Logger({ serviceName: 'proxy' }) });
 */
export interface SlackDeliveryLogger {
  warn(message: string, extra?: Record<string, unknown>): void;
}
