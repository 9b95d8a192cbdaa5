import type { ProxyLogger } from '../config/ProxyLogger.js';
import { USAGE_METRICS } from './USAGE_METRICS.js';

/** What one call of the health check found. */
export interface ProbeResult {
  readonly ok: boolean;
  /** The HTTP status, when an answer came. */
  readonly status?: number;
  /** Why it failed before an answer: DNS, connection, TLS (certificate), timeout. */
  readonly error?: string;
  readonly latencyMs: number;
}

export interface ProbeOptions {
  readonly fetch?: typeof globalThis.fetch;
  /** Give up after this long (default 5 s: below the probe function's timeout). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** The probe's metric: 1 when the health check answered 200, 0 otherwise (namespace HipChatSlackProxy). */
export const PROBE_METRIC = 'ProbeOk';

/**
 * Calls the proxy's health check the way a legacy app reaches it — the private DNS name, the
 * listener, its certificate, the ALB, the function — and says whether it answered 200.
 * Never throws: every failure is a result.
 *
 * @example
 * await probeHealth('https://api.hipchat.internal/health'); // { ok: true, status: 200, latencyMs: 31 }
 */
export async function probeHealth(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const fetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const started = now();
  try {
    const response = await fetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    await response.arrayBuffer();
    return { ok: response.status === 200, status: response.status, latencyMs: now() - started };
  } catch (error) {
    return { ok: false, error: describe(error), latencyMs: now() - started };
  }
}

/**
 * Logs the result as one `probe` line that is also the `ProbeOk` metric (CloudWatch's embedded
 * metric format, under [service] like the proxy's own metrics).
 *
 * @example
 * logProbe(createJsonLogger({ service: USAGE_METRICS.service }), url, result);
 * // {"level":"INFO","message":"probe",…,"url":"https://…/health","ok":true,"status":200,"ProbeOk":1,"_aws":{…}}
 */
export function logProbe(
  logger: Pick<ProxyLogger, 'info' | 'error'>,
  url: string,
  result: ProbeResult,
  now: () => number = Date.now,
): void {
  const fields = {
    url,
    ...result,
    [PROBE_METRIC]: result.ok ? 1 : 0,
    _aws: {
      Timestamp: now(),
      CloudWatchMetrics: [
        {
          Namespace: USAGE_METRICS.namespace,
          Dimensions: [[USAGE_METRICS.dimensions.service]],
          Metrics: [{ Name: PROBE_METRIC, Unit: 'Count' }],
        },
      ],
    },
  };
  if (result.ok) logger.info('probe', fields);
  else logger.error('probe', fields);
}

/** fetch's failures hide the reason (DNS, refused, certificate) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const detail = cause ? `: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}` : '';
  return `${error.name}: ${error.message}${detail}`;
}
