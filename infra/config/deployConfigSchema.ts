import { isIPv4, isIPv6 } from 'node:net';
import { SslPolicy } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { z } from 'zod';
import { DEFAULT_SECRET_NAMES, settingDefault, THREAD_MODES } from '../../src/config/SETTINGS.js';

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const id = (pattern: RegExp, example: string) =>
  z.string().regex(pattern, `must look like ${example}`);

const accountId = id(/^\d{12}$/, 'a 12-digit AWS account id (111111111111)');
const region = id(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region (eu-west-1)');
const vpcId = id(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'vpc-0123456789abcdef0');
const subnetId = id(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, 'subnet-0123456789abcdef0');
const securityGroupId = id(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, 'sg-0123456789abcdef0');
const hostedZoneId = id(/^Z[A-Z0-9]{1,31}$/, 'a Route 53 hosted zone id (Z0123456789ABCDEFGHIJ)');
const DNS_LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const dnsName = id(
  new RegExp(`^(?=.{1,253}$)(${DNS_LABEL}\\.)+${DNS_LABEL}$`),
  'a lower-case DNS name with at least two labels (hipchat.internal)',
);
const recordName = id(
  new RegExp(`^((${DNS_LABEL}\\.)*${DNS_LABEL})?$`),
  'a lower-case host label (api), or "" for the zone apex',
);
export const CERTIFICATE_ARN =
  /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;
const certificateArn = id(
  CERTIFICATE_ARN,
  'arn:aws:acm:<region>:<account>:certificate/<uuid> (an ACM certificate ARN)',
);
export const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
const topicArn = id(TOPIC_ARN, 'arn:aws:sns:<region>:<account>:<topic> (an SNS topic ARN)');

const secretName = z
  .string()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must use only letters, digits and /_+=.@- (at most 512)')
  .refine((name) => !/-[A-Za-z0-9]{6}$/.test(name), {
    error:
      'must not end in "-" plus six characters: Secrets Manager appends such a suffix to ARNs, so a name-based grant could match another secret',
  });

/**
 * What is wrong with a map file's path (`roomMapFile`, `userMapFile`), or `undefined`: it must
 * name a `.json` file in a folder under `infra/config/` (`maps/prod.rooms.json`), so that it is
 * reviewed with the account's config and never taken for an account's own file (every `.json`
 * directly in `infra/config/` is one).
 *
 * @example
 * mapFileProblem('maps/prod.rooms.json'); // undefined
 * mapFileProblem('../rooms.json'); // 'must stay inside infra/config/ …'
 */
export function mapFileProblem(path: string): string | undefined {
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) {
    return 'must be relative to infra/config/ (maps/prod.rooms.json), not absolute';
  }
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return 'must stay inside infra/config/: no "..", "." or empty segments (maps/prod.rooms.json)';
  }
  if (segments.length < 2) {
    return "must be in a folder under infra/config/ (maps/prod.rooms.json): a .json file directly in infra/config/ is an account's config";
  }
  if (!segments.every((segment) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(segment))) {
    return 'may use only letters, digits and ._- in its folder and file names';
  }
  if (!path.endsWith('.json')) return 'must name a .json file';
  return undefined;
}

const mapFile = z.string().superRefine((path, ctx) => {
  const problem = mapFileProblem(path);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `"${path}" ${problem}` });
});

const roleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/*-]+$/,
    'must be an IAM role ARN (patterns with * allowed, e.g. an SSO role: role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_Operators_*)',
  );

/** The ALB security policies this CDK version knows: an unknown name would fail only at deploy. */
const SSL_POLICIES: ReadonlySet<string> = new Set(Object.values(SslPolicy));

const cidr = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const secretConfig = (defaultName: string) =>
  z
    .strictObject({
      /** The secret's name in Secrets Manager (the same in every account by default). */
      name: secretName.default(defaultName),
      /** true: the secret already exists (created by hand or by an earlier stack); import it by name. */
      existing: z.boolean().default(false),
    })
    .prefault({});

/**
 * The deploy configuration of one account, field by field: each field's type, range and
 * default, and the error a wrong value gets. What one field cannot say alone (a subnet in the
 * account's region, a Slack deadline inside the Lambda timeout, …) is in `deployConfigRules`;
 * `parseDeployConfig` applies both.
 *
 * @example
 * deployConfigSchema.superRefine(deployConfigRules).safeParse(json);
 */
export const deployConfigSchema = z.strictObject({
  /** The AWS account and region this environment deploys to. */
  account: accountId,
  region,
  /** The CloudFormation stack name (default HipChatSlackProxy, the same in every account). */
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name')
    .default('HipChatSlackProxy'),
  /** The existing VPC the internal ALB lives in, and its private subnets (≥ 2 AZs). */
  vpc: z.strictObject({
    vpcId,
    privateSubnets: z
      .array(z.strictObject({ subnetId, availabilityZone: z.string().min(1) }))
      .min(2, 'an ALB needs subnets in at least two availability zones'),
  }),
  /** Who may reach the proxy: CIDR ranges and/or security groups of the legacy apps. */
  allowedSources: z
    .strictObject({
      cidrs: z.array(cidr).default([]),
      securityGroupIds: z.array(securityGroupId).default([]),
    })
    .refine((sources) => sources.cidrs.length + sources.securityGroupIds.length > 0, {
      error: 'name at least one CIDR or security group, or nothing can reach the proxy',
    }),
  /** The private name every legacy app uses: <recordName>.<zoneName>. */
  dns: z
    .strictObject({
      zoneName: dnsName.default('hipchat.internal'),
      recordName: recordName.default('api'),
      /** Use this existing private zone (already associated with the VPC) instead of creating one. */
      existingZoneId: hostedZoneId.optional(),
      /** More VPCs (same account) whose apps must resolve the name. */
      extraVpcs: z.array(z.strictObject({ vpcId, region: region.optional() })).default([]),
    })
    .prefault({}),
  loadBalancer: z
    .strictObject({
      /** ACM certificate for <recordName>.<zoneName>: adds the HTTPS listener on 443. */
      certificateArn: certificateArn.optional(),
      sslPolicy: z
        .string()
        .refine((name) => SSL_POLICIES.has(name), {
          error:
            'must be one of the ELB security policies the CDK knows (SslPolicy), e.g. ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
        })
        .default('ELBSecurityPolicy-TLS13-1-2-PQ-2025-09'),
      /**
       * What port 80 does: `forward` (legacy apps keep plain http://), `redirect` to HTTPS
       * (a 301: many clients then send a GET, losing the POST), or `off`. The last two need a certificate.
       */
      http: z.enum(['forward', 'redirect', 'off']).default('forward'),
      deletionProtection: z.boolean().default(true),
      /** ALB HTTP desync mitigation; strictest unless a legacy client proves it needs less. */
      desyncMitigationMode: z.enum(['strictest', 'defensive', 'monitor']).default('strictest'),
      /** ALB access logs record every request line, auth_token query values included. */
      accessLogs: z
        .strictObject({
          enabled: z.boolean().default(false),
          retentionDays: z.number().int().min(1).max(90).default(7),
        })
        .prefault({}),
    })
    .prefault({}),
  secrets: z
    .strictObject({
      slackToken: secretConfig(DEFAULT_SECRET_NAMES.slackToken),
      whitelist: secretConfig(DEFAULT_SECRET_NAMES.whitelist),
    })
    .prefault({}),
  lambda: z
    .strictObject({
      memoryMb: z.number().int().min(128).max(10240).default(512),
      /** The request deadline: the ALB answers 502 when the function runs out of it. */
      timeoutSeconds: z.number().int().min(3).max(30).default(10),
      /** Budget of the synchronous Slack attempt, retries included (SLACK_DEADLINE_MS). */
      slackDeadlineMs: z.number().int().min(500).default(settingDefault('SLACK_DEADLINE_MS')),
      whitelistTtlSeconds: z
        .number()
        .int()
        .min(1)
        .max(3600)
        .default(settingDefault('WHITELIST_TTL_SECONDS')),
      /** How long the Slack token is trusted before it is re-read (SLACK_TOKEN_TTL_SECONDS). */
      slackTokenTtlSeconds: z
        .number()
        .int()
        .min(1)
        .max(3600)
        .default(settingDefault('SLACK_TOKEN_TTL_SECONDS')),
      /** Largest request body accepted (MAX_BODY_BYTES); the ALB refuses over 1 MB itself. */
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(1_048_576)
        .default(settingDefault('MAX_BODY_BYTES')),
      logRetentionDays: z
        .number()
        .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
          error: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
        })
        .default(90),
      /** Base URL of the Slack Web API, for Slack GovSlack or a test double; default Slack's. */
      slackApiUrl: z.url({ protocol: /^https$/ }).optional(),
      /** Concurrency reserved for the ALB handler (a runaway sender cannot drain the account's); none by default. */
      reservedConcurrency: z.number().int().min(1).max(1000).optional(),
      /**
       * Execution environments kept initialized for the ALB handler, so senders that cannot
       * wait for a cold start never meet one (billed around the clock: docs/deploy.md, cost);
       * none by default.
       */
      provisionedConcurrency: z.number().int().min(1).max(100).optional(),
    })
    .prefault({}),
  /**
   * HipChat room id or name → Slack channel id or #name (docs/configuration.md, room map), inline
   * (ROOM_MAP_JSON): with `userMap` at most 3,000 bytes; a larger map goes in `roomMapFile`.
   */
  roomMap: z.record(z.string(), z.string()).default({}),
  /** HipChat user ids and @mention names → Slack user ids, inline (USER_MAP_JSON); or `userMapFile`. */
  userMap: z.record(z.string(), z.string()).default({}),
  /**
   * The room map as a JSON file instead of inline, for maps of any size: a path relative to
   * `infra/config/` (`maps/<env>.rooms.json`, as `hipchat-proxy maps import --env` writes it),
   * validated at synth with the handler's own parser, shipped in the function's code as
   * `maps/rooms.json` and read once per container (ROOM_MAP_FILE). Not with `roomMap`.
   */
  roomMapFile: mapFile.optional(),
  /**
   * The user map as a JSON file, like `roomMapFile`: `maps/<env>.users.json`, shipped as
   * `maps/users.json` (USER_MAP_FILE). Not with `userMap`.
   */
  userMapFile: mapFile.optional(),
  /** What `notify: true` adds (NOTIFY_MENTION). */
  notifyMention: z.enum(['none', 'here', 'channel']).default(settingDefault('NOTIFY_MENTION')),
  /** Each token's allowance per window, per Lambda container (RATE_LIMIT, RATE_LIMIT_WINDOW_SECONDS). */
  rateLimit: z
    .strictObject({
      requests: z.number().int().min(1).default(settingDefault('RATE_LIMIT')),
      windowSeconds: z
        .number()
        .int()
        .min(1)
        .max(86_400)
        .default(settingDefault('RATE_LIMIT_WINDOW_SECONDS')),
    })
    .prefault({}),
  /** The retry consumer (RETRY_MIN_DELAY_MS, RETRY_MAX_DELAY_MS, RETRY_MAX_AGE_SECONDS, LATE_NOTE_AFTER_SECONDS). */
  retry: z
    .strictObject({
      minDelayMs: z.number().int().min(1).default(settingDefault('RETRY_MIN_DELAY_MS')),
      maxDelayMs: z
        .number()
        .int()
        .min(1)
        .max(12 * 60 * 60 * 1000)
        .default(settingDefault('RETRY_MAX_DELAY_MS')),
      // The queue keeps messages 14 days (SQS's longest); a day's margin past the last attempt.
      maxAgeSeconds: z
        .number()
        .int()
        .min(60)
        .max(13 * 86_400)
        .default(settingDefault('RETRY_MAX_AGE_SECONDS')),
      // 0 turns the late-delivery note off.
      lateNoteAfterSeconds: z
        .number()
        .int()
        .min(0)
        .default(settingDefault('LATE_NOTE_AFTER_SECONDS')),
      /** Consumer invocations at once (the SQS event source's maxConcurrency, 2–1000). */
      maxConcurrency: z.number().int().min(2).max(1000).default(5),
    })
    .prefault({}),
  /**
   * Threads in Slack: `mode` (THREADS: broadcast, thread, off), the operator's own lifecycle
   * `recognizers` (THREAD_RECOGNIZERS, checked at synth as the proxy checks them), and how long
   * the thread table keeps a lifecycle or a message id after its last write (THREAD_TTL_DAYS).
   */
  threads: z
    .strictObject({
      mode: z.enum(THREAD_MODES).default(settingDefault('THREADS')),
      recognizers: z.array(z.unknown()).optional(),
      ttlDays: z.number().int().min(1).max(365).default(settingDefault('THREAD_TTL_DAYS')),
    })
    .prefault({}),
  alarms: z
    .strictObject({
      /** Alarm and OK notifications go here; without it the alarms only show in CloudWatch. */
      snsTopicArn: topicArn.optional(),
      periodMinutes: z.number().int().min(1).max(60).default(5),
      evaluationPeriods: z.number().int().min(1).max(24).default(1),
      thresholds: z
        .strictObject({
          lambdaErrors: z.number().int().min(1).default(1),
          lambdaThrottles: z.number().int().min(1).default(1),
          albHttp5xx: z.number().int().min(1).default(1),
          targetHttp5xx: z.number().int().min(1).default(1),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * The optional in-VPC probe (docs/deploy.md, section 10): a small function in the private
   * subnets calls `<scheme>://<host name>/health` on a schedule and alarms when it fails or stops
   * reporting. Off by default.
   */
  probe: z
    .strictObject({
      enabled: z.boolean().default(false),
      /**
       * `https` (default with a certificate) checks the listener and its certificate too, and
       * needs one Node trusts (a public CA); `http` (default without) goes through port 80.
       */
      scheme: z.enum(['http', 'https']).optional(),
      /** Minutes between calls (1–60). */
      intervalMinutes: z.number().int().min(1).max(60).default(5),
    })
    .prefault({}),
  /** Extra tags on every resource (e.g. cost centre). */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /**
   * The IAM roles operators use (`hipchat-proxy` CLI): with the two functions' roles, the only
   * principals that may read the secrets (their resource policy denies everyone else).
   */
  operatorRoleArns: z
    .array(roleArn)
    .min(
      1,
      'name the role(s) operators use: the secrets can be read only by the functions and these',
    ),
  /** The AWS CLI/SDK profile `hipchat-proxy check` uses for this account (its credentials). */
  cliProfile: z.string().min(1).optional(),
  /** CloudFormation termination protection (default on: the stack holds queued messages). */
  terminationProtection: z.boolean().default(true),
});

export type DeployConfig = z.output<typeof deployConfigSchema>;

function cidrProblem(value: string): string | undefined {
  const [address, prefixText, ...rest] = value.split('/');
  const prefix = Number(prefixText);
  if (rest.length > 0 || address === undefined || !/^\d{1,3}$/.test(prefixText ?? '')) {
    return 'must be a CIDR range like 10.20.0.0/16';
  }
  if (isIPv4(address)) {
    if (prefix > 32) return 'an IPv4 prefix length is at most 32';
    if (prefix === 0)
      return 'a /0 range admits every address; name the networks that send to the proxy';
    const bits = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const hostBits = 2 ** (32 - prefix);
    if (bits % hostBits !== 0) {
      return `has host bits set; the network is ${networkOf(bits, hostBits)}/${prefix}`;
    }
    return undefined;
  }
  if (isIPv6(address)) {
    return 'the internal ALB is IPv4-only: an IPv6 range would admit nothing (name the IPv4 ranges of the senders)';
  }
  return 'must be a CIDR range like 10.20.0.0/16';
}

function networkOf(bits: number, hostBits: number): string {
  const network = bits - (bits % hostBits);
  return [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
}
