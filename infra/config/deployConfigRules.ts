import type { z } from 'zod';
import { parseOperatorRecognizers, RecognizerError } from '../../src/lifecycles/index.js';
import { parseRoomMap } from '../../src/rooms/roomMap.js';
import { parseUserMap } from '../../src/rooms/userMap.js';
import { CERTIFICATE_ARN, type DeployConfig, TOPIC_ARN } from './deployConfigSchema.js';

/**
 * Lambda limits all environment variables together to 4 KB; the rest of ours need < 1 KB. The
 * limit holds for the inline maps and the operator's recognizers (THREAD_RECOGNIZERS) together:
 * `roomMapFile`/`userMapFile` ship in the code instead.
 */
export const ROOM_MAP_MAX_BYTES = 3000;

/**
 * The rules of a deploy config that hold between fields, each reported at the field to change:
 * subnets in the account's region and in two zones, a Slack deadline that leaves the Lambda
 * time, provisioned concurrency below reserved, a way in besides port 80, a certificate and an
 * alarm topic of the account's region, VPCs and secret names not repeated, inline room and user
 * maps that parse, operator recognizers the handler's own parser takes (`threads.recognizers`),
 * the two fitting Lambda's environment, each map given once (inline or as a file; the files
 * themselves are read at synth: `readMapFiles`), back-off bounds in order.
 *
 * @example
 * deployConfigSchema.superRefine(deployConfigRules); // what parseDeployConfig validates with
 */
export function deployConfigRules(config: DeployConfig, ctx: z.RefinementCtx<DeployConfig>): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  config.vpc.privateSubnets.forEach((subnet, i) => {
    if (!subnet.availabilityZone.startsWith(config.region)) {
      issue(
        ['vpc', 'privateSubnets', i, 'availabilityZone'],
        `"${subnet.availabilityZone}" is not in region ${config.region}`,
      );
    }
  });
  const zones = new Set(config.vpc.privateSubnets.map((subnet) => subnet.availabilityZone));
  if (zones.size < 2) {
    issue(['vpc', 'privateSubnets'], 'an ALB needs subnets in at least two availability zones');
  }

  if (config.probe.enabled) probeRules(config, issue);

  const budgetMs = config.lambda.timeoutSeconds * 1000 - config.lambda.slackDeadlineMs;
  if (budgetMs < 2000) {
    issue(
      ['lambda', 'slackDeadlineMs'],
      `must leave at least 2000 ms of the ${config.lambda.timeoutSeconds} s Lambda timeout for reading secrets and queueing (it leaves ${budgetMs} ms)`,
    );
  }

  // A queued message threads when it is delivered: its lifecycle must outlive its time in the queue.
  const ttlSeconds = config.threads.ttlDays * 86_400;
  if (ttlSeconds <= config.retry.maxAgeSeconds) {
    issue(
      ['threads', 'ttlDays'],
      `must keep a lifecycle longer than retry.maxAgeSeconds (${config.retry.maxAgeSeconds} s), or a message queued that long finds its thread gone (${config.threads.ttlDays} d is ${ttlSeconds} s)`,
    );
  }

  const { provisionedConcurrency, reservedConcurrency } = config.lambda;
  if (
    provisionedConcurrency !== undefined &&
    reservedConcurrency !== undefined &&
    provisionedConcurrency >= reservedConcurrency
  ) {
    issue(
      ['lambda', 'provisionedConcurrency'],
      `must be below lambda.reservedConcurrency (${reservedConcurrency}): Lambda provisions no more than the function may run, and at equal values nothing is left for the unqualified function (hipchat-proxy check) or a deploy's new version`,
    );
  }

  if (config.loadBalancer.http !== 'forward' && !config.loadBalancer.certificateArn) {
    issue(
      ['loadBalancer', 'http'],
      `"${config.loadBalancer.http}" leaves no way in without an HTTPS listener: set loadBalancer.certificateArn`,
    );
  }
  const certificate = config.loadBalancer.certificateArn?.match(CERTIFICATE_ARN);
  if (certificate && (certificate[1] !== config.region || certificate[2] !== config.account)) {
    issue(
      ['loadBalancer', 'certificateArn'],
      `an ALB can only use an ACM certificate of its own account and region (${config.account}, ${config.region})`,
    );
  }
  const topic = config.alarms.snsTopicArn?.match(TOPIC_ARN);
  if (topic && topic[1] !== config.region) {
    issue(
      ['alarms', 'snsTopicArn'],
      `CloudWatch alarms can only notify a topic in their own region (${config.region})`,
    );
  }

  if (config.dns.existingZoneId && config.dns.extraVpcs.length > 0) {
    issue(
      ['dns', 'extraVpcs'],
      'cannot associate VPCs with an existing zone (dns.existingZoneId); associate them where that zone is managed',
    );
  }
  const vpcIds = [config.vpc.vpcId, ...config.dns.extraVpcs.map((vpc) => vpc.vpcId)];
  if (new Set(vpcIds).size !== vpcIds.length) {
    issue(['dns', 'extraVpcs'], 'lists a VPC twice (or repeats vpc.vpcId)');
  }
  if (config.secrets.slackToken.name === config.secrets.whitelist.name) {
    issue(['secrets', 'whitelist', 'name'], 'must differ from secrets.slackToken.name');
  }

  const roomMapJson = JSON.stringify(config.roomMap);
  try {
    parseRoomMap(roomMapJson);
  } catch (error) {
    issue(['roomMap'], (error as Error).message);
  }
  const userMapJson = JSON.stringify(config.userMap);
  try {
    parseUserMap(userMapJson);
  } catch (error) {
    issue(['userMap'], (error as Error).message);
  }
  const recognizers = config.threads.recognizers ?? [];
  if (recognizers.length > 0) recognizerRules(recognizers, issue);
  // The stack sets THREAD_RECOGNIZERS only when some are given.
  const recognizersJson = recognizers.length > 0 ? JSON.stringify(recognizers) : '';
  const bytes = Buffer.byteLength(roomMapJson + userMapJson + recognizersJson, 'utf8');
  if (bytes > ROOM_MAP_MAX_BYTES && recognizersJson !== '') {
    issue(
      ['threads', 'recognizers'],
      `roomMap, userMap and threads.recognizers are ${bytes} bytes as JSON (the recognizers ${Buffer.byteLength(recognizersJson, 'utf8')}); Lambda allows 4 KB of environment variables in total, so keep them under ${ROOM_MAP_MAX_BYTES} bytes together: move the maps to files (roomMapFile / userMapFile), or shorten the recognizers`,
    );
  } else if (bytes > ROOM_MAP_MAX_BYTES) {
    issue(
      [Object.keys(config.userMap).length > 0 ? 'userMap' : 'roomMap'],
      `roomMap and userMap are ${bytes} bytes as JSON; Lambda allows 4 KB of environment variables in total, so keep them under ${ROOM_MAP_MAX_BYTES} bytes together, or move them to files: roomMapFile / userMapFile (any size; unmapped room names already go to their #slug channel)`,
    );
  }
  for (const [inline, file] of [
    ['roomMap', 'roomMapFile'],
    ['userMap', 'userMapFile'],
  ] as const) {
    if (config[file] !== undefined && Object.keys(config[inline]).length > 0) {
      issue(
        [inline],
        `give the ${inline === 'roomMap' ? 'room' : 'user'} map once: inline (${inline}) or in ${file} ("${config[file]}"), not both`,
      );
    }
  }
  if (config.retry.minDelayMs > config.retry.maxDelayMs) {
    issue(['retry', 'minDelayMs'], 'must not exceed retry.maxDelayMs');
  }
}

/**
 * The operator's recognizers as the handler reads THREAD_RECOGNIZERS at its cold start
 * (`parseOperatorRecognizers`): one it would refuse stops the synth instead, with the parser's
 * own words, at the entry that fails (`threads.recognizers[1]: recognizer 2 ("checks"): …`).
 */
function recognizerRules(
  recognizers: readonly unknown[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  try {
    parseOperatorRecognizers(recognizers);
  } catch (error) {
    if (!(error instanceof RecognizerError)) throw error;
    // The parser numbers the entry in its message; the config's path names it as every field is.
    const index = recognizers.findIndex((entry) => {
      try {
        parseOperatorRecognizers([entry]);
        return false;
      } catch {
        return true;
      }
    });
    issue(['threads', 'recognizers', ...(index === -1 ? [] : [index])], error.message);
  }
}

/** Names no public CA signs for: a certificate for them comes from a private CA. */
const PRIVATE_SUFFIXES = ['.internal', '.local', '.lan', '.corp', '.home.arpa'];

/**
 * How the probe calls the proxy: `probe.scheme`, else `https` with a certificate and `http`
 * without.
 *
 * @example
 * probeScheme(config); // 'https'
 */
export function probeScheme(config: DeployConfig): 'http' | 'https' {
  return config.probe.scheme ?? (config.loadBalancer.certificateArn ? 'https' : 'http');
}

function probeRules(
  config: DeployConfig,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const scheme = probeScheme(config);
  if (scheme === 'https' && !config.loadBalancer.certificateArn) {
    issue(
      ['probe', 'scheme'],
      'https needs loadBalancer.certificateArn (there is no HTTPS listener)',
    );
  }
  if (scheme === 'http' && config.loadBalancer.http !== 'forward') {
    issue(
      ['probe', 'scheme'],
      `http needs loadBalancer.http "forward" (port 80 is "${config.loadBalancer.http}")`,
    );
  }
  const zone = config.dns.zoneName.toLowerCase();
  if (scheme === 'https' && PRIVATE_SUFFIXES.some((suffix) => `.${zone}`.endsWith(suffix))) {
    issue(
      ['probe', 'scheme'],
      `the certificate for ${zone} comes from a private CA, which the probe does not trust, so its alarm would never clear: set probe.scheme to "http" (port 80 forwards), or probe a name a public CA signs`,
    );
  }
}
