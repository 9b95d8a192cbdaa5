import { fileURLToPath } from 'node:url';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Alias,
  Architecture,
  type IFunction,
  Function as LambdaFunction,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { proxyVersion } from '../src/config/proxyVersion.js';
import { applyPermissionsBoundary } from './bootstrap/applyPermissionsBoundary.js';
import { operatorPolicyName } from './bootstrap/deployPolicies.js';
import { probeScheme } from './config/deployConfigRules.js';
import type { DeployConfig } from './config/deployConfigSchema.js';
import { proxyHostname } from './config/loadDeployConfig.js';
import { type MapFiles, readMapFiles } from './config/mapFiles.js';
import { LAMBDA_HANDLER, lambdaCode } from './lambdaCode.js';
import { LAMBDA_PROCESS_ENVIRONMENT } from './lambdaProcessEnvironment.js';
import { logicalIdWithout, PRE_FLEET_STACK_ID, sqsEventSourceLogicalId } from './logicalIds.js';
import { ProxyAlarms } from './ProxyAlarms.js';
import { ProxyLoadBalancer } from './ProxyLoadBalancer.js';
import { ProxyProbe } from './ProxyProbe.js';
import { ProxySecrets } from './ProxySecrets.js';
import { RetryQueue } from './RetryQueue.js';
import { SERVICE_NAME } from './serviceName.js';
import { ThreadTable } from './ThreadTable.js';
import { UsageDashboard } from './UsageDashboard.js';

export interface HipChatProxyStackProps extends StackProps {
  /** The environment name (the config file's name), shown in descriptions and outputs. */
  readonly envName: string;
  readonly config: DeployConfig;
  /** Where the config's `roomMapFile`/`userMapFile` are relative to (default `infra/config/`). */
  readonly configDir?: string;
  /**
   * Acknowledge the cdk-nag findings this design accepts (default true). Set false to see
   * the raw findings, e.g. in the test that proves every acknowledgement is still needed.
   */
  readonly acknowledgeNagFindings?: boolean;
}

/** The tag that says which proxy version a function runs (package version + git commit). */
export const VERSION_TAG = 'proxy-version';

const HANDLER_ENTRY = fileURLToPath(new URL('../src/handlers/alb.ts', import.meta.url));

/**
 * The constructs split out of this stack after it was first deployed. Their ids are left out of
 * their resources' logical ids, which stay those of the resources CloudFormation holds: a
 * changed logical id would replace the resource (a new, empty secret; a new ALB).
 */
const SPLIT_OUT = new Set(['Secrets', 'LoadBalancing', 'Alarms']);

/**
 * One per AWS account: the proxy Lambda behind an internal ALB, reachable from the configured
 * sources at the same private host name in every account. It composes the secrets
 * (`ProxySecrets`), the way in (`ProxyLoadBalancer`: ALB, listeners, private DNS name), the
 * alarms (`ProxyAlarms`), the retry queue (`RetryQueue`), the thread table (`ThreadTable`)
 * and the usage dashboard around the ALB handler it makes itself, and gives operators one
 * policy to attach.
 *
 * @example
 * new HipChatProxyStack(app, 'HipChatSlackProxy-prod', { envName: 'prod', config: loadDeployConfig('prod') });
 */
export class HipChatProxyStack extends Stack {
  readonly handler: LambdaFunction;
  /** What the ALB invokes: the handler, or its `live` alias with provisioned concurrency. */
  readonly invokedFunction: IFunction;
  readonly secrets: ProxySecrets;
  readonly loadBalancing: ProxyLoadBalancer;
  readonly alarms: ProxyAlarms;
  readonly retryQueue: RetryQueue;
  /** Alert lifecycles and the message ids the proxy gave out (issue 26): the handler and the retry consumer read and write it. */
  readonly threads: ThreadTable;
  /** The in-VPC probe, with `probe.enabled`. */
  readonly probe?: ProxyProbe;
  readonly hostname: string;
  readonly version: string;
  /** The deploy config's map files, validated, shipped in the handler's code. */
  readonly mapFiles: MapFiles;
  private readonly config: DeployConfig;
  private readonly envName: string;
  private readonly acknowledge: boolean;

  constructor(scope: Construct, id: string, props: HipChatProxyStackProps) {
    const { config, envName, acknowledgeNagFindings, configDir, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      env: { account: config.account, region: config.region },
      stackName: config.stackName,
      terminationProtection: config.terminationProtection,
      description: `HipChat-to-Slack proxy (${envName}): internal ALB + Lambda at ${proxyHostname(config)}`,
    });
    this.config = config;
    this.envName = envName;
    this.acknowledge = acknowledgeNagFindings ?? true;
    this.hostname = proxyHostname(config);
    this.version = proxyVersion();
    this.mapFiles = readMapFiles(config, configDir);

    Tags.of(this).add('service', SERVICE_NAME);
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);
    // Every role here carries the boundary the CDK execution role must attach (infra/bootstrap/).
    applyPermissionsBoundary(this);

    // Imported from attributes, not looked up: synth needs no AWS credentials or network.
    const vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: config.vpc.vpcId,
      availabilityZones: config.vpc.privateSubnets.map((subnet) => subnet.availabilityZone),
      privateSubnetIds: config.vpc.privateSubnets.map((subnet) => subnet.subnetId),
    });
    Validations.of(vpc).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
      reason:
        'The imported private subnets only place the internal ALB; nothing in this stack reads their route tables, so the config does not ask for route table ids.',
    });

    this.secrets = new ProxySecrets(this, 'Secrets', {
      ...config.secrets,
      acknowledgeNagFindings: this.acknowledge,
    });

    this.handler = this.createHandler();
    this.invokedFunction = this.albTarget();
    this.secrets.grantRead(this.handler);

    this.loadBalancing = new ProxyLoadBalancer(this, 'LoadBalancing', {
      vpc,
      target: this.invokedFunction,
      targetTimeout: Duration.seconds(config.lambda.timeoutSeconds),
      // The stack's name, unique in its account and region, within the 32 characters allowed.
      targetGroupName: config.stackName.slice(0, 32).replace(/-+$/, ''),
      settings: config.loadBalancer,
      allowedSources: config.allowedSources,
      dns: config.dns,
      acknowledgeNagFindings: this.acknowledge,
    });

    this.alarms = new ProxyAlarms(this, 'Alarms', {
      ...(config.alarms.snsTopicArn ? { topicArn: config.alarms.snsTopicArn } : {}),
      // `<stack>-<env>`: alarm names say which account paged (the host name is the same everywhere).
      namePrefix: `${config.stackName}-${envName}`,
      descriptionPrefix: `${envName} (${this.hostname})`,
      period: Duration.minutes(config.alarms.periodMinutes),
      evaluationPeriods: config.alarms.evaluationPeriods,
      thresholds: config.alarms.thresholds,
      handler: this.handler,
      loadBalancer: this.loadBalancing,
      ...(config.loadBalancer.certificateArn
        ? { certificateArn: config.loadBalancer.certificateArn }
        : {}),
      ...(this.invokedFunction instanceof Alias ? { provisionedAlias: this.invokedFunction } : {}),
    });
    this.alarms.watchSecretChanges([config.secrets.slackToken.name, config.secrets.whitelist.name]);
    // Made in every account: whether messages are threaded is the proxy's setting, not the stack's.
    this.threads = new ThreadTable(this, 'ThreadTable', {
      alarms: this.alarms,
      ttlDays: config.threads.ttlDays,
    });
    this.threads.connect(this.handler);
    if (config.probe.enabled) {
      const scheme = probeScheme(config);
      this.probe = new ProxyProbe(this, 'Probe', {
        vpc,
        loadBalancer: this.loadBalancing,
        url: `${scheme}://${this.hostname}/health`,
        interval: Duration.minutes(config.probe.intervalMinutes),
        alarms: this.alarms,
        logRetentionDays: config.lambda.logRetentionDays as RetentionDays,
        acknowledgeNagFindings: this.acknowledge,
      });
    }

    // Messages Slack could not take in time wait here; the handler answers 204 once queued.
    this.retryQueue = new RetryQueue(this, 'RetryQueue', {
      slackTokenSecret: this.secrets.slackToken,
      environment: this.sharedEnvironment(),
      maxAge: Duration.seconds(config.retry.maxAgeSeconds),
      lateNoteAfter: Duration.seconds(config.retry.lateNoteAfterSeconds),
      minDelay: Duration.millis(config.retry.minDelayMs),
      maxDelay: Duration.millis(config.retry.maxDelayMs),
      alarmActions: [...this.alarms.actions],
      alarmNamePrefix: this.alarms.namePrefix,
      logRetentionDays: config.lambda.logRetentionDays as RetentionDays,
      maxConcurrency: config.retry.maxConcurrency,
      operatorRoleArns: config.operatorRoleArns,
    });
    for (const [name, value] of Object.entries(this.retryQueue.environment)) {
      this.handler.addEnvironment(name, value);
    }
    this.retryQueue.grantEnqueue(this.handler);
    // The consumer threads the queued messages it delivers: the table and its TTL, never THREADS
    // or THREAD_RECOGNIZERS (each queued message carries the handler's threading decision).
    this.threads.connect(this.retryQueue.consumer);
    // The version tags the two functions only (their code changes with it anyway) besides the
    // ProxyVersion output: on every resource it changed all of them, secrets and roles included,
    // with each commit (docs/deploy.md, section 12).
    for (const fn of [this.handler, this.retryQueue.consumer]) {
      Tags.of(fn).add(VERSION_TAG, this.version, {
        includeResourceTypes: ['AWS::Lambda::Function'],
      });
    }
    // The mapping keeps the logical id the stacks deployed before the fleet app hold: a renamed
    // mapping cannot be created beside the old one (docs/deploy.md, section 11).
    const { eventSourceMapping, queue } = this.retryQueue;
    eventSourceMapping.overrideLogicalId(
      sqsEventSourceLogicalId(this, eventSourceMapping, queue, PRE_FLEET_STACK_ID),
    );

    const consumerRole = this.retryQueue.consumer.role;
    const handlerRole = this.handler.role;
    if (consumerRole === undefined || handlerRole === undefined) {
      throw new Error('both functions need their own roles');
    }
    this.secrets.lockTo({
      slackToken: [handlerRole, consumerRole],
      whitelist: [handlerRole],
      operatorRoleArns: config.operatorRoleArns,
    });

    new UsageDashboard(this, 'UsageDashboard', {
      // Named for the stack, so the deploy role's policy names its dashboards, not every one.
      dashboardName: `${this.stackName}-usage`,
      queueDepth: this.retryQueue.queue.metricApproximateNumberOfMessagesVisible(),
      deadLetterDepth: this.retryQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      logGroup: this.handler.logGroup,
      threadFallbacks: {
        metric: this.threads.metricFallbacks(),
        logGroups: [this.handler.logGroup, this.retryQueue.consumer.logGroup],
      },
    });

    const { loadBalancer, targetGroup } = this.loadBalancing;
    new CfnOutput(this, 'Hostname', {
      value: this.hostname,
      description: 'Point legacy apps at this host (http://, or https:// with a certificate)',
    });
    new CfnOutput(this, 'LoadBalancerDnsName', { value: loadBalancer.loadBalancerDnsName });
    new CfnOutput(this, 'FunctionName', { value: this.handler.functionName });
    new CfnOutput(this, 'InvokedFunction', {
      value: this.invokedFunction.functionArn,
      description:
        'What the ALB invokes (the live alias with provisioned concurrency); check invokes it too',
    });
    new CfnOutput(this, 'SlackTokenSecretName', { value: config.secrets.slackToken.name });
    new CfnOutput(this, 'WhitelistSecretName', { value: config.secrets.whitelist.name });
    new CfnOutput(this, 'RetryQueueUrl', { value: this.retryQueue.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.retryQueue.deadLetterQueue.queueUrl,
      description: 'npx hipchat-proxy dead-letters list --queue-url <this>',
    });
    new CfnOutput(this, 'TargetGroupArn', { value: targetGroup.targetGroupArn });
    new CfnOutput(this, 'ProxyVersion', {
      value: this.version,
      description: 'package version + git commit of the deployed proxy',
    });
    // The operators' policy is an administrator's, created once per account from
    // `printDeployPolicies <env> operators` (docs/deploy.md, section 4): if the stack made it,
    // whoever may deploy could write every operator's permissions.
    new CfnOutput(this, 'OperatorPolicyArn', {
      value: this.formatArn({
        service: 'iam',
        region: '',
        resource: 'policy',
        resourceName: operatorPolicyName(this.stackName, this.envName),
      }),
      description:
        'the operators policy (bootstrap, not the stack): attach to the operators role for secrets, dead letters, checks',
    });
  }

  /** The logical ids of a split-out construct's resources are those they had in the stack itself. */
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdWithout(this, element, SPLIT_OUT);
  }

  private createHandler(): LambdaFunction {
    const { config } = this;
    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: config.lambda.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: writes only to its own log group.
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${SERVICE_NAME} handler: write its log group, read its two secrets`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = {
      ...LAMBDA_PROCESS_ENVIRONMENT,
      ...this.sharedEnvironment(),
      WHITELIST_SECRET_ID: this.secrets.whitelistId,
      WHITELIST_TTL_SECONDS: String(config.lambda.whitelistTtlSeconds),
      MAX_BODY_BYTES: String(config.lambda.maxBodyBytes),
      RATE_LIMIT: String(config.rateLimit.requests),
      RATE_LIMIT_WINDOW_SECONDS: String(config.rateLimit.windowSeconds),
      NOTIFY_MENTION: config.notifyMention,
      THREADS: config.threads.mode,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    };
    if (config.threads.recognizers?.length) {
      environment.THREAD_RECOGNIZERS = JSON.stringify(config.threads.recognizers);
    }
    // Maps in files travel in the code and are read once per container: any size, no AWS call.
    // The retry consumer needs neither map: it posts messages this function already translated.
    const { rooms, users } = this.mapFiles;
    if (rooms) environment.ROOM_MAP_FILE = rooms.runtimePath;
    else environment.ROOM_MAP_JSON = JSON.stringify(config.roomMap);
    if (users) environment.USER_MAP_FILE = users.runtimePath;
    else if (Object.keys(config.userMap).length > 0) {
      environment.USER_MAP_JSON = JSON.stringify(config.userMap);
    }
    const files = Object.fromEntries(
      [rooms, users].flatMap((file) => (file ? [[file.assetPath, file.source]] : [])),
    );

    return new LambdaFunction(this, 'Handler', {
      description: `${SERVICE_NAME}: HipChat REST calls from the internal ALB, relayed to Slack`,
      code: lambdaCode(HANDLER_ENTRY, files),
      handler: LAMBDA_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: config.lambda.memoryMb,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      role,
      logGroup,
      environment,
      // The two secrets are read over localhost through AWS's Parameters and Secrets extension,
      // so the function loads no AWS SDK before its first answer. Its own cache is off: the
      // proxy's cache keeps the TTLs, the last good copy and fail-closed (docs/performance.md).
      paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(
        ParamsAndSecretsVersions.V1_0_103,
        { cacheEnabled: false, httpPort: 2773, logLevel: ParamsAndSecretsLogLevel.WARN },
      ),
      ...(config.lambda.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: config.lambda.reservedConcurrency }),
      // Not in the VPC: it needs only Slack and Secrets Manager, and the ALB invokes it
      // through the Lambda service. No ENIs, no NAT dependency, faster cold starts.
    });
  }

  /** What the ALB handler and the retry consumer both need to reach Slack. */
  private sharedEnvironment(): Record<string, string> {
    const { config } = this;
    const environment: Record<string, string> = {
      SLACK_TOKEN_SECRET_ID: this.secrets.slackTokenId,
      SLACK_DEADLINE_MS: String(config.lambda.slackDeadlineMs),
      SLACK_TOKEN_TTL_SECONDS: String(config.lambda.slackTokenTtlSeconds),
    };
    if (config.lambda.slackApiUrl) environment.SLACK_API_URL = config.lambda.slackApiUrl;
    return environment;
  }

  /**
   * What the ALB invokes: the function itself, or with `lambda.provisionedConcurrency` an alias
   * of its current version with that many environments kept initialized (provisioned
   * concurrency applies only to a version or alias; invoking the function unqualified would
   * never use it). Each deploy publishes a new version and moves the alias; Lambda initializes
   * the new environments before the alias switches.
   */
  private albTarget(): IFunction {
    const { provisionedConcurrency } = this.config.lambda;
    if (provisionedConcurrency === undefined) return this.handler;
    return new Alias(this, 'HandlerLive', {
      aliasName: 'live',
      version: this.handler.currentVersion,
      provisionedConcurrentExecutions: provisionedConcurrency,
      description: 'What the ALB invokes: the current version, kept initialized',
    });
  }
}
