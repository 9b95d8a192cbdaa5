import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IVpc, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROBE_METRIC } from '../src/metrics/probeHealth.js';
import { USAGE_METRICS } from '../src/metrics/USAGE_METRICS.js';
import { LAMBDA_VPC_ACCESS_ACTIONS } from './bootstrap/deployPolicies.js';
import { LAMBDA_HANDLER, lambdaCode } from './lambdaCode.js';
import type { ProxyAlarms } from './ProxyAlarms.js';
import type { ProxyLoadBalancer } from './ProxyLoadBalancer.js';

export interface ProxyProbeProps {
  /** The VPC the apps are in: the probe runs in its private subnets. */
  readonly vpc: IVpc;
  /** The way in it probes: its security group admits the probe on the URL's port. */
  readonly loadBalancer: ProxyLoadBalancer;
  /** What it calls, e.g. `https://api.hipchat.internal/health`. */
  readonly url: string;
  /** Time between calls. */
  readonly interval: Duration;
  /** Names the probe's alarm and notifies the topic like the others. */
  readonly alarms: ProxyAlarms;
  readonly logRetentionDays: RetentionDays;
  readonly acknowledgeNagFindings?: boolean;
}

/**
 * The optional in-VPC probe of the real path (`hipchat-proxy check` invokes the function
 * directly, skipping DNS, the listeners and the certificate): a small function in the VPC's
 * private subnets, run on a schedule, calls the health check at the proxy's host name as an
 * app would and logs `ProbeOk` (1 or 0). Its alarm treats missing data as breaching: a probe
 * that stopped running, or cannot log, is as much a failure as one that cannot connect.
 *
 * @example
 * new ProxyProbe(this, 'Probe', { vpc, loadBalancer, url: 'https://api.hipchat.internal/health', interval: Duration.minutes(5), alarms, logRetentionDays: 90 });
 */
export class ProxyProbe extends Construct {
  readonly function: LambdaFunction;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: ProxyProbeProps) {
    super(scope, id);
    const url = new URL(props.url);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));

    const logGroup = new LogGroup(this, 'ProbeLogs', {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'ProbeRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'hipchat-slack-proxy probe: its log group, its network interfaces in the VPC',
    });
    logGroup.grantWrite(role);
    // What AWSLambdaVPCAccessExecutionRole grants, without the managed policy's log rights.
    role.addToPolicy(
      new PolicyStatement({
        actions: [...LAMBDA_VPC_ACCESS_ACTIONS],
        resources: ['*'],
      }),
    );
    if (props.acknowledgeNagFindings ?? true) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "A function in a VPC manages its network interfaces in the private subnet: Lambda's ENI actions support no resource-level scoping at creation (AWSLambdaVPCAccessExecutionRole grants them on * too); the probe's log rights name its own log group.",
      });
    }

    // No way out but to the ALB on the probed port; the VPC's DNS resolver is not filtered by
    // security groups.
    this.securityGroup = new SecurityGroup(this, 'ProbeSecurityGroup', {
      vpc: props.vpc,
      description: 'hipchat-slack-proxy probe: to the proxy ALB only',
      allowAllOutbound: false,
    });
    this.securityGroup.connections.allowTo(
      props.loadBalancer.securityGroup,
      Port.tcp(port),
      'the probe calls the proxy health check',
    );

    this.function = new LambdaFunction(this, 'Probe', {
      description: `hipchat-slack-proxy probe: GET ${props.url} from inside the VPC`,
      code: lambdaCode(fileURLToPath(new URL('../src/handlers/probe.ts', import.meta.url))),
      handler: LAMBDA_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 128,
      timeout: Duration.seconds(10),
      role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: { subnets: props.vpc.privateSubnets },
      securityGroups: [this.securityGroup],
    });

    new Rule(this, 'ProbeSchedule', {
      description: `hipchat-slack-proxy probe: every ${props.interval.toHumanString()}`,
      schedule: Schedule.rate(props.interval),
      targets: [
        new LambdaTarget(this.function, {
          event: RuleTargetInput.fromObject({ url: props.url }),
          retryAttempts: 0,
        }),
      ],
    });

    // A period holds at least one call; two periods failed or silent before it pages.
    const period = Duration.minutes(
      Math.max(props.interval.toMinutes(), props.alarms.period.toMinutes()),
    );
    props.alarms.add('ProbeAlarm', {
      metric: new Metric({
        namespace: USAGE_METRICS.namespace,
        metricName: PROBE_METRIC,
        dimensionsMap: { [USAGE_METRICS.dimensions.service]: USAGE_METRICS.service },
        statistic: 'Minimum',
        period,
      }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      description: `the probe in the VPC could not get 200 from ${props.url}, or stopped reporting (DNS, security group, listener, certificate or the function): see its log lines' error`,
    });
  }
}
