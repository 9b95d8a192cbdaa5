import type { ProxyLogger } from './ProxyLogger.js';

export interface JsonLoggerOptions {
  /** The `service` of every line. */
  readonly service: string;
  /** Where a finished line goes; default: stdout, which the Lambda runtime sends to CloudWatch. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * The proxy's logger: one JSON object per line on stdout — `level`, `message`, `timestamp`,
 * `service`, then the call's fields in order — the shape the metric filters, the usage metrics
 * (EMF members of the access line), `hipchat-proxy usage` and Logs Insights read. On Node's own
 * stream, because that is all the proxy asks of a logger (info, warn, error, structured fields),
 * and every request writes a line: a logging framework cost ~0.08 ms of each message and ~10 ms
 * of the cold start (docs/performance-analysis.md). A field that will not serialize (a cycle, a
 * BigInt) costs its line's fields, never the request.
 *
 * @example
 * const logger = createJsonLogger({ service: 'hipchat-slack-proxy' });
 * logger.info('request', { route: 'room.notification', status: 204 });
 * // {"level":"INFO","message":"request","timestamp":"…","service":"hipchat-slack-proxy","route":"room.notification","status":204}
 */
export function createJsonLogger(options: JsonLoggerOptions): ProxyLogger {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  const log =
    (level: 'INFO' | 'WARN' | 'ERROR') =>
    (message: string, ...extra: Record<string, unknown>[]) => {
      const timestamp = now().toISOString();
      const head = { level, message, timestamp, service: options.service };
      let line: string;
      try {
        // The head is set again last: a field named `message` must not hide the line's own.
        line = JSON.stringify(
          extra.length === 0 ? head : Object.assign({ ...head }, ...extra, head),
        );
      } catch (error) {
        const logError = `fields not serializable: ${error instanceof Error ? error.name : ''}`;
        line = JSON.stringify({ level, message, timestamp, service: options.service, logError });
      }
      write(`${line}\n`);
    };
  return { info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}
