import { createJsonLogger } from '../config/createJsonLogger.js';
import { logProbe, probeHealth } from '../metrics/probeHealth.js';
import { USAGE_METRICS } from '../metrics/USAGE_METRICS.js';

/**
 * The optional in-VPC probe (deploy config `probe.enabled`): a schedule calls it with the URL
 * of the proxy's health check, through the private DNS name and the listener, as apps do; it
 * logs the result as the `ProbeOk` metric, which the stack alarms on (missing data breaching:
 * a probe that stopped running is as bad as one that fails).
 */
const logger = createJsonLogger({ service: USAGE_METRICS.service });

export const handler = async (event: { url?: unknown }) => {
  if (typeof event.url !== 'string')
    throw new Error('the probe is called with {"url": "…/health"}');
  const result = await probeHealth(event.url);
  logProbe(logger, event.url, result);
  return result;
};
