import { fileURLToPath } from 'node:url';
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IPeer, type IVpc, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  DesyncMitigationMode,
  HttpCodeElb,
  HttpCodeTarget,
  ListenerAction,
  ListenerCertificate,
  type SslPolicy,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LambdaTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import {
  AnyPrincipal,
  Effect,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import {
  Alias,
  Architecture,
  CfnPermission,
  type IFunction,
  Function as LambdaFunction,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ARecord,
  HostedZone,
  type IHostedZone,
  PrivateHostedZone,
  RecordTarget,
} from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { type CfnSecret, type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { proxyVersion } from '../src/config/proxyVersion.js';
import { USAGE_METRICS } from '../src/metrics/USAGE_METRICS.js';
import { type DeployConfig, proxyHostname } from './config/loadDeployConfig.js';
import { LAMBDA_HANDLER, lambdaCode } from './lambdaCode.js';
import { LAMBDA_PROCESS_ENVIRONMENT } from './lambdaProcessEnvironment.js';
import { RetryQueue } from './RetryQueue.js';
import { UsageDashboard } from './UsageDashboard.js';

export interface HipChatProxyStackProps extends StackProps {
  /** The environment name (the config file's name), shown in descriptions and outputs. */
  readonly envName: string;
  readonly config: DeployConfig;
  /**
   * Acknowledge the cdk-nag findings this design accepts (default true). Set false to see
   * the raw findings, e.g. in the test that proves every acknowledgement is still needed.
   */
  readonly acknowledgeNagFindings?: boolean;
}

export const SERVICE_NAME = 'hipchat-slack-proxy';

const HANDLER_ENTRY = fileURLToPath(new URL('../src/handlers/alb.ts', import.meta.url));

/** ALB idle timeout. The Lambda timeout (≤ 30 s, see the config schema) stays well inside it. */
const ALB_IDLE_TIMEOUT = Duration.seconds(60);

/**
 * One per AWS account: the proxy Lambda behind an internal ALB, reachable from the configured
 * sources at the same private host name in every account.
 */
export class HipChatProxyStack extends Stack {
  readonly handler: LambdaFunction;
  /** What the ALB invokes: the handler, or its `live` alias with provisioned concurrency. */
  readonly invokedFunction: IFunction;
  readonly retryQueue: RetryQueue;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly targetGroup: ApplicationTargetGroup;
  readonly slackTokenSecret: ISecret;
  readonly whitelistSecret: ISecret;
  readonly hostname: string;
  readonly version: string;
  private readonly config: DeployConfig;
  private readonly envName: string;
  private readonly alarmTopic?: ITopic | undefined;
  private readonly acknowledge: boolean;

  constructor(scope: Construct, id: string, props: HipChatProxyStackProps) {
    const { config, envName, acknowledgeNagFindings, ...stackProps } = props;
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

    Tags.of(this).add('service', SERVICE_NAME);
    Tags.of(this).add('proxy-version', this.version);
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);

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

    this.slackTokenSecret = this.secret(
      'SlackTokenSecret',
      config.secrets.slackToken,
      'Slack bot token (xoxb-..., or JSON {"token":"xoxb-..."})',
    );
    this.whitelistSecret = this.secret(
      'WhitelistSecret',
      config.secrets.whitelist,
      'Whitelist of HipChat tokens (SHA-256 digests) that may post',
    );

    this.handler = this.createHandler();
    this.invokedFunction = this.albTarget();
    this.slackTokenSecret.grantRead(this.handler);
    this.whitelistSecret.grantRead(this.handler);

    const { loadBalancer, targetGroup } = this.createLoadBalancer(vpc);
    this.loadBalancer = loadBalancer;
    this.targetGroup = targetGroup;

    this.createDns(vpc);

    if (config.alarms.snsTopicArn) {
      this.alarmTopic = Topic.fromTopicArn(this, 'AlarmTopic', config.alarms.snsTopicArn);
    }
    this.createAlarms();

    // Messages Slack could not take in time wait here; the handler answers 204 once queued.
    this.retryQueue = new RetryQueue(this, 'RetryQueue', {
      slackTokenSecret: this.slackTokenSecret,
      environment: this.sharedEnvironment(),
      maxAge: Duration.seconds(config.retry.maxAgeSeconds),
      lateNoteAfter: Duration.seconds(config.retry.lateNoteAfterSeconds),
      minDelay: Duration.millis(config.retry.minDelayMs),
      maxDelay: Duration.millis(config.retry.maxDelayMs),
      alarmActions: this.alarmTopic ? [new SnsAction(this.alarmTopic)] : [],
      alarmNamePrefix: this.alarmNamePrefix(),
      logRetentionDays: config.lambda.logRetentionDays as RetentionDays,
      maxConcurrency: config.retry.maxConcurrency,
    });
    for (const [name, value] of Object.entries(this.retryQueue.environment)) {
      this.handler.addEnvironment(name, value);
    }
    this.retryQueue.grantEnqueue(this.handler);
    this.lockSecrets();
    const operatorPolicy = this.createOperatorPolicy();

    new UsageDashboard(this, 'UsageDashboard', {
      queueDepth: this.retryQueue.queue.metricApproximateNumberOfMessagesVisible(),
      deadLetterDepth: this.retryQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      logGroup: this.handler.logGroup,
    });

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
    new CfnOutput(this, 'OperatorPolicyArn', {
      value: operatorPolicy.managedPolicyArn,
      description: 'attach to the operators role: secrets, dead letters, checks',
    });
  }

  /** `<stack>-<env>`: alarm names say which account paged (the host name is the same everywhere). */
  private alarmNamePrefix(): string {
    return `${this.config.stackName}-${this.envName}`;
  }

  /**
   * The secrets' resource policies deny reading them to every principal but the functions that
   * need them and the named operator roles: broad Secrets Manager rights elsewhere in the
   * account do not reach the Slack token (which can post anywhere under any name).
   */
  private lockSecrets(): void {
    const consumerRole = this.retryQueue.consumer.role;
    const handlerRole = this.handler.role;
    if (consumerRole === undefined || handlerRole === undefined) {
      throw new Error('both functions need their own roles');
    }
    const readers = [
      [this.slackTokenSecret, [handlerRole.roleArn, consumerRole.roleArn]],
      [this.whitelistSecret, [handlerRole.roleArn]],
    ] as const;
    for (const [secret, roles] of readers) {
      if (!(secret instanceof Secret)) {
        // An imported secret keeps whatever policy it has: CloudFormation cannot add one here.
        Annotations.of(secret).addWarningV2(
          'hipchat-proxy:importedSecretUnlocked',
          `${secret.secretName} is imported (existing: true): give it the Deny-read resource policy by hand (docs/deploy.md, section 5)`,
        );
        continue;
      }
      secret.addToResourcePolicy(
        new PolicyStatement({
          sid: 'OnlyTheProxyAndItsOperatorsRead',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['secretsmanager:GetSecretValue'],
          resources: ['*'],
          // ArnNotLike: operator entries may be patterns (an SSO role's path and suffix).
          conditions: {
            ArnNotLike: { 'aws:PrincipalArn': [...roles, ...this.config.operatorRoleArns] },
          },
        }),
      );
    }
  }

  /** What operators need, as one policy to attach: the secrets, the dead letters, `check`. */
  private createOperatorPolicy(): ManagedPolicy {
    const { deadLetterQueue, queue } = this.retryQueue;
    const policy = new ManagedPolicy(this, 'OperatorPolicy', {
      description: `${SERVICE_NAME} (${this.envName}): rotate tokens, handle dead letters, check the deployment`,
      statements: [
        new PolicyStatement({
          actions: [
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
            'secretsmanager:DescribeSecret',
          ],
          resources: [this.slackTokenSecret.secretArn, this.whitelistSecret.secretArn],
        }),
        new PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
          ],
          resources: [deadLetterQueue.queueArn],
        }),
        new PolicyStatement({
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
          resources: [queue.queueArn],
        }),
        new PolicyStatement({
          actions: ['cloudformation:DescribeStacks'],
          resources: [this.stackId],
        }),
        new PolicyStatement({
          actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
          resources: [...new Set([this.handler.functionArn, this.invokedFunction.functionArn])],
        }),
        new PolicyStatement({
          actions: ['logs:StartQuery', 'logs:FilterLogEvents'],
          resources: [this.handler.logGroup.logGroupArn],
        }),
        new PolicyStatement({
          actions: ['logs:GetQueryResults', 'elasticloadbalancing:DescribeTargetHealth'],
          resources: ['*'],
        }),
      ],
    });
    this.acknowledgeFinding(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      "logs:GetQueryResults and elasticloadbalancing:DescribeTargetHealth support no resource-level permissions; every other statement names this stack's own resources.",
    );
    return policy;
  }

  /**
   * Adds an alarm that notifies the configured topic (alarm and OK). For later additions such
   * as the retry queue's dead-letter depth.
   */
  addAlarm(
    id: string,
    options: {
      metric: IMetric;
      threshold: number;
      description: string;
      comparisonOperator?: ComparisonOperator;
      /** Default: the config's; a daily metric needs 1 (CloudWatch allows at most 7 days). */
      evaluationPeriods?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? this.config.alarms.evaluationPeriods,
      comparisonOperator:
        options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmName: `${this.alarmNamePrefix()}-${id.replace(/Alarm$/, '')}`,
      alarmDescription: `${this.envName} (${this.hostname}): ${options.description}`,
    });
    if (this.alarmTopic) {
      alarm.addAlarmAction(new SnsAction(this.alarmTopic));
      alarm.addOkAction(new SnsAction(this.alarmTopic));
    }
    return alarm;
  }

  private secret(
    id: string,
    settings: DeployConfig['secrets']['slackToken'],
    description: string,
  ): ISecret {
    if (settings.existing) return Secret.fromSecretNameV2(this, id, settings.name);
    const secret = new Secret(this, id, {
      secretName: settings.name,
      description: `${SERVICE_NAME}: ${description}. Filled by operators after the first deploy.`,
      // Holds operator-entered values: never delete it with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Created empty (no version): CloudFormation must never generate or overwrite a value that
    // operators put in later. Until they do, the proxy fails closed (503).
    (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    this.acknowledgeFinding(
      secret,
      'AwsSolutions-SMG4',
      'Holds an operator-managed value (Slack bot token or token whitelist) with no Secrets Manager rotation Lambda: it is rotated by operators (hipchat-proxy CLI / Slack app settings) and the proxy re-reads it within its cache TTL.',
    );
    return secret;
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
      WHITELIST_SECRET_ID: this.secretId(this.whitelistSecret, config.secrets.whitelist),
      WHITELIST_TTL_SECONDS: String(config.lambda.whitelistTtlSeconds),
      ROOM_MAP_JSON: JSON.stringify(config.roomMap),
      MAX_BODY_BYTES: String(config.lambda.maxBodyBytes),
      RATE_LIMIT: String(config.rateLimit.requests),
      RATE_LIMIT_WINDOW_SECONDS: String(config.rateLimit.windowSeconds),
      NOTIFY_MENTION: config.notifyMention,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    };
    if (Object.keys(config.userMap).length > 0) {
      environment.USER_MAP_JSON = JSON.stringify(config.userMap);
    }

    return new LambdaFunction(this, 'Handler', {
      description: `${SERVICE_NAME}: HipChat REST calls from the internal ALB, relayed to Slack`,
      code: lambdaCode(HANDLER_ENTRY),
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
      SLACK_TOKEN_SECRET_ID: this.secretId(this.slackTokenSecret, config.secrets.slackToken),
      SLACK_DEADLINE_MS: String(config.lambda.slackDeadlineMs),
      SLACK_TOKEN_TTL_SECONDS: String(config.lambda.slackTokenTtlSeconds),
    };
    if (config.lambda.slackApiUrl) environment.SLACK_API_URL = config.lambda.slackApiUrl;
    return environment;
  }

  private secretId(secret: ISecret, settings: DeployConfig['secrets']['slackToken']): string {
    // An imported secret is known by name; a created one by its exact ARN.
    return settings.existing ? settings.name : secret.secretArn;
  }

  private createLoadBalancer(vpc: IVpc) {
    const { config } = this;
    const lb = config.loadBalancer;
    const securityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `${SERVICE_NAME} internal ALB: HTTP(S) from the configured legacy-app sources only`,
      // A Lambda target is invoked through the Lambda service, not through the VPC.
      allowAllOutbound: false,
    });

    const loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnets: vpc.privateSubnets },
      securityGroup,
      deletionProtection: lb.deletionProtection,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: {
        strictest: DesyncMitigationMode.STRICTEST,
        defensive: DesyncMitigationMode.DEFENSIVE,
        monitor: DesyncMitigationMode.MONITOR,
      }[lb.desyncMitigationMode],
      idleTimeout: ALB_IDLE_TIMEOUT,
    });

    if (lb.accessLogs.enabled) this.enableAccessLogs(loadBalancer);
    else {
      this.acknowledgeFinding(
        loadBalancer,
        'AwsSolutions-ELB2',
        "Access logs are off in this environment's config (loadBalancer.accessLogs.enabled=false): they would store every request line, including legacy clients' auth_token query values. The handler logs each request without the token instead.",
      );
    }

    // Single-value headers (the ALB default), stated explicitly: the event carries `headers`
    // and `queryStringParameters`; the handler works in either mode.
    const target = this.invokedFunction;
    const targetGroup = new ApplicationTargetGroup(this, 'TargetGroup', {
      // Named, so the function's invoke permission can name it (its ARN would be a cycle).
      targetGroupName: this.targetGroupName(),
      targetType: TargetType.LAMBDA,
      targets: [new LambdaTarget(target)],
      healthCheck: {
        enabled: true,
        path: '/health',
        interval: Duration.seconds(60),
        // Longer than the Lambda timeout, so a slow handler fails as itself, not as a check timeout.
        timeout: Duration.seconds(config.lambda.timeoutSeconds + 5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200',
      },
    });
    targetGroup.setAttribute('lambda.multi_value_headers.enabled', 'false');
    this.restrictInvokePermission(target);

    const sources: { peer: IPeer; label: string }[] = [
      ...config.allowedSources.cidrs.map((cidr) => ({
        peer: cidr.includes(':') ? Peer.ipv6(cidr) : Peer.ipv4(cidr),
        label: cidr,
      })),
      ...config.allowedSources.securityGroupIds.map((id) => ({
        peer: Peer.securityGroupId(id),
        label: id,
      })),
    ];
    const admit = (port: number) => {
      for (const { peer, label } of sources) {
        securityGroup.addIngressRule(peer, Port.tcp(port), `legacy apps (${label}) on ${port}`);
      }
    };

    // Port 80 (loadBalancer.http): `forward` keeps legacy apps' http:// working; `redirect`
    // sends them to HTTPS (tokens never cross the network in clear, but many clients turn a
    // redirected POST into a GET); `off` closes it.
    if (lb.http === 'forward') {
      loadBalancer.addListener('Http', {
        port: 80,
        protocol: ApplicationProtocol.HTTP,
        open: false,
        defaultTargetGroups: [targetGroup],
      });
      admit(80);
    } else if (lb.http === 'redirect') {
      loadBalancer.addListener('Http', {
        port: 80,
        protocol: ApplicationProtocol.HTTP,
        open: false,
        defaultAction: ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
      admit(80);
    }

    if (lb.certificateArn) {
      loadBalancer.addListener('Https', {
        port: 443,
        protocol: ApplicationProtocol.HTTPS,
        open: false,
        certificates: [ListenerCertificate.fromArn(lb.certificateArn)],
        sslPolicy: lb.sslPolicy as SslPolicy,
        defaultTargetGroups: [targetGroup],
      });
      admit(443);
    }
    return { loadBalancer, targetGroup };
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

  /** The target group's name (≤ 32 characters): the stack's name, unique in its account and region. */
  private targetGroupName(): string {
    return this.config.stackName.slice(0, 32).replace(/-+$/, '');
  }

  /**
   * LambdaTarget grants invoke to the ELB service principal without a source. Narrow it to
   * this proxy's target group, by name (the exact ARN would be a dependency cycle: the target
   * group registers the function only after the permission exists).
   */
  private restrictInvokePermission(target: IFunction): void {
    const permissions = target.node.children.filter(
      (child): child is CfnPermission =>
        child instanceof CfnPermission && child.principal === 'elasticloadbalancing.amazonaws.com',
    );
    if (permissions.length !== 1) {
      throw new Error(
        `expected one ELB invoke permission on what the ALB invokes, found ${permissions.length}`,
      );
    }
    permissions[0]?.addPropertyOverride(
      'SourceArn',
      this.formatArn({
        service: 'elasticloadbalancing',
        resource: 'targetgroup',
        resourceName: `${this.targetGroupName()}/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
  }

  private enableAccessLogs(loadBalancer: ApplicationLoadBalancer): void {
    const { retentionDays } = this.config.loadBalancer.accessLogs;
    // The logs hold auth_token query values: private, TLS-only, and short-lived.
    const bucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED, // the only encryption ALB log delivery supports
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.acknowledgeFinding(
      bucket,
      'AwsSolutions-S1',
      'This bucket only receives ALB access logs (with auth_token values) and expires them quickly; server access logs would copy those keys into yet another bucket that needs the same treatment. Reads are auditable with CloudTrail data events.',
    );
    loadBalancer.logAccessLogs(bucket, 'alb');
  }

  private createDns(vpc: IVpc): void {
    const { dns } = this.config;
    let zone: IHostedZone;
    if (dns.existingZoneId) {
      zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: dns.existingZoneId,
        zoneName: dns.zoneName,
      });
    } else {
      const privateZone = new PrivateHostedZone(this, 'Zone', {
        zoneName: dns.zoneName,
        vpc,
        comment: `${SERVICE_NAME}: the private name legacy apps use in every account`,
      });
      dns.extraVpcs.forEach((extra, i) => {
        const region = extra.region ?? this.config.region;
        // A zone association needs only the VPC id and region; the AZ is a placeholder the
        // import requires and nothing reads.
        privateZone.addVpc(
          Vpc.fromVpcAttributes(this, `ExtraVpc${i + 1}`, {
            vpcId: extra.vpcId,
            region,
            availabilityZones: [`${region}a`],
          }),
        );
      });
      zone = privateZone;
    }
    new ARecord(this, 'Alias', {
      zone,
      ...(dns.recordName ? { recordName: dns.recordName } : {}),
      target: RecordTarget.fromAlias(new LoadBalancerTarget(this.loadBalancer)),
      comment: `${SERVICE_NAME}: internal ALB`,
    });
  }

  private createAlarms(): void {
    const { alarms, lambda } = this.config;
    const period = Duration.minutes(alarms.periodMinutes);
    const sum = { period, statistic: 'Sum' } as const;

    // The proxy skips a whitelist entry it cannot use and logs it; the app it belongs to gets 401.
    const skipped = USAGE_METRICS.whitelistEntrySkipped;
    const skippedEntries = new MetricFilter(this, 'WhitelistEntriesSkippedFilter', {
      logGroup: this.handler.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', skipped.message),
      metricNamespace: USAGE_METRICS.namespace,
      metricName: skipped.metric,
      metricValue: '1',
    });
    this.addAlarm('WhitelistEntriesSkippedAlarm', {
      metric: skippedEntries.metric(sum),
      threshold: 1,
      description:
        'the whitelist holds an entry the proxy skips (its app gets 401): see the log line for its label and reason',
    });
    this.addAlarm('HandlerErrorsAlarm', {
      metric: this.handler.metricErrors(sum),
      threshold: alarms.thresholds.lambdaErrors,
      description: 'the proxy Lambda failed invocations (callers got 502)',
    });
    this.addAlarm('HandlerThrottlesAlarm', {
      metric: this.handler.metricThrottles(sum),
      threshold: alarms.thresholds.lambdaThrottles,
      description: 'the proxy Lambda was throttled (callers got 502)',
    });
    this.addAlarm('HandlerDurationAlarm', {
      metric: this.handler.metricDuration({ period, statistic: 'Maximum' }),
      threshold: lambda.timeoutSeconds * 1000 * 0.8,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        'a request used over 80% of the Lambda timeout (the Slack deadline is not holding)',
    });
    this.addAlarm('LoadBalancer5xxAlarm', {
      metric: this.loadBalancer.metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum),
      threshold: alarms.thresholds.albHttp5xx,
      description: 'the ALB answered 5xx itself (Lambda failed, timed out or was unreachable)',
    });
    this.addAlarm('UnhealthyTargetAlarm', {
      metric: this.targetGroup.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
      threshold: 1,
      description: 'the ALB health check of the proxy function fails (callers get 502/503)',
    });
    const { certificateArn } = this.config.loadBalancer;
    if (certificateArn) {
      this.addAlarm('CertificateExpiryAlarm', {
        metric: new Metric({
          namespace: 'AWS/CertificateManager',
          metricName: 'DaysToExpiry',
          dimensionsMap: { CertificateArn: certificateArn },
          period: Duration.days(1),
          statistic: 'Minimum',
        }),
        threshold: 30,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        description:
          'the HTTPS certificate expires within 30 days (an imported or private-CA certificate does not renew itself)',
      });
    }
    this.addAlarm('Target5xxAlarm', {
      metric: this.targetGroup.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum),
      threshold: alarms.thresholds.targetHttp5xx,
      description: 'the proxy answered 5xx (Slack or our own fault; the message was not accepted)',
    });
  }

  private acknowledgeFinding(scope: Construct, id: string, reason: string): void {
    if (this.acknowledge) Validations.of(scope).acknowledge({ id, reason });
  }
}
