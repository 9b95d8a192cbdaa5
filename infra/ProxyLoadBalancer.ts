import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type IPeer, type IVpc, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  DesyncMitigationMode,
  ListenerAction,
  ListenerCertificate,
  type SslPolicy,
  TargetType,
  XffHeaderProcessingMode,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LambdaTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { CfnPermission, type IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ARecord,
  HostedZone,
  type IHostedZone,
  PrivateHostedZone,
  RecordTarget,
} from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DeployConfig } from './config/deployConfigSchema.js';
import { SERVICE_NAME } from './serviceName.js';

/** ALB idle timeout. The Lambda timeout (≤ 30 s, see the config schema) stays well inside it. */
const ALB_IDLE_TIMEOUT = Duration.seconds(60);

export interface ProxyLoadBalancerProps {
  /** The VPC whose private subnets place the ALB (and which the private zone serves). */
  readonly vpc: IVpc;
  /** What the ALB invokes: the handler, or its alias with provisioned concurrency. */
  readonly target: IFunction;
  /** The target's timeout; the health check waits 5 s longer, so a slow handler fails as itself. */
  readonly targetTimeout: Duration;
  /**
   * The target group's name (≤ 32 characters, unique in the account and region): the target's
   * invoke permission names it, as its ARN would be a dependency cycle.
   */
  readonly targetGroupName: string;
  /** Listeners, TLS, hardening and access logs (the deploy config's `loadBalancer`). */
  readonly settings: DeployConfig['loadBalancer'];
  /** Who may connect: CIDR ranges and security groups (the deploy config's `allowedSources`). */
  readonly allowedSources: DeployConfig['allowedSources'];
  /** The private name legacy apps use and the zone that holds it (the deploy config's `dns`). */
  readonly dns: DeployConfig['dns'];
  /** Acknowledge the cdk-nag findings this design accepts (access logs off, their bucket unlogged). Default true. */
  readonly acknowledgeNagFindings?: boolean;
}

/**
 * The way in: an internal ALB in the VPC's private subnets, its security group admitting only
 * the configured sources, a Lambda target group, port 80 (`forward`, `redirect` or `off`) and
 * with a certificate 443, optional access logs in a private bucket, and the private DNS name
 * every legacy app uses (`<recordName>.<zoneName>`, an alias record in a private hosted zone
 * made here or imported). Owns the target's invoke permission, narrowed to its target group.
 *
 * @example
 * const front = new ProxyLoadBalancer(this, 'LoadBalancing', { vpc, target: handler, targetTimeout: Duration.seconds(10), targetGroupName: 'HipChatSlackProxy', settings: config.loadBalancer, allowedSources: config.allowedSources, dns: config.dns });
 * new CfnOutput(this, 'LoadBalancerDnsName', { value: front.loadBalancer.loadBalancerDnsName });
 */
export class ProxyLoadBalancer extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly targetGroup: ApplicationTargetGroup;
  /** Where the access logs go, if they are on. */
  readonly accessLogsBucket?: Bucket;
  readonly zone: IHostedZone;
  readonly record: ARecord;
  private readonly acknowledge: boolean;

  constructor(scope: Construct, id: string, props: ProxyLoadBalancerProps) {
    super(scope, id);
    this.acknowledge = props.acknowledgeNagFindings ?? true;
    const { vpc, settings } = props;

    this.securityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `${SERVICE_NAME} internal ALB: HTTP(S) from the configured legacy-app sources only`,
      // A Lambda target is invoked through the Lambda service, not through the VPC.
      allowAllOutbound: false,
    });

    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnets: vpc.privateSubnets },
      securityGroup: this.securityGroup,
      deletionProtection: settings.deletionProtection,
      dropInvalidHeaderFields: true,
      // The log line's caller address is the last X-Forwarded-For entry, the one the ALB adds:
      // pinned, so a change of the default cannot make it whatever a sender typed.
      xffHeaderProcessingMode: XffHeaderProcessingMode.APPEND,
      desyncMitigationMode: {
        strictest: DesyncMitigationMode.STRICTEST,
        defensive: DesyncMitigationMode.DEFENSIVE,
        monitor: DesyncMitigationMode.MONITOR,
      }[settings.desyncMitigationMode],
      idleTimeout: ALB_IDLE_TIMEOUT,
    });

    if (settings.accessLogs.enabled) {
      this.accessLogsBucket = this.enableAccessLogs(settings.accessLogs.retentionDays);
    } else {
      this.acknowledgeFinding(
        this.loadBalancer,
        'AwsSolutions-ELB2',
        "Access logs are off in this environment's config (loadBalancer.accessLogs.enabled=false): they would store every request line, including legacy clients' auth_token query values. The handler logs each request without the token instead.",
      );
    }

    // Single-value headers (the ALB default), stated explicitly: the event carries `headers`
    // and `queryStringParameters`; the handler works in either mode.
    this.targetGroup = new ApplicationTargetGroup(this, 'TargetGroup', {
      // Named, so the function's invoke permission can name it (its ARN would be a cycle).
      targetGroupName: props.targetGroupName,
      targetType: TargetType.LAMBDA,
      targets: [new LambdaTarget(props.target)],
      healthCheck: {
        enabled: true,
        path: '/health',
        interval: Duration.seconds(60),
        // Longer than the Lambda timeout, so a slow handler fails as itself, not as a check timeout.
        timeout: props.targetTimeout.plus(Duration.seconds(5)),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200',
      },
    });
    this.targetGroup.setAttribute('lambda.multi_value_headers.enabled', 'false');
    this.restrictInvokePermission(props.target, props.targetGroupName);

    this.addListeners(props);
    this.zone = this.hostedZone(vpc, props.dns);
    this.record = new ARecord(this, 'Alias', {
      zone: this.zone,
      ...(props.dns.recordName ? { recordName: props.dns.recordName } : {}),
      target: RecordTarget.fromAlias(new LoadBalancerTarget(this.loadBalancer)),
      comment: `${SERVICE_NAME}: internal ALB`,
    });
  }

  /**
   * Port 80 (`settings.http`): `forward` keeps legacy apps' http:// working; `redirect` sends
   * them to HTTPS (tokens never cross the network in clear, but many clients turn a redirected
   * POST into a GET); `off` closes it. 443 with a certificate. The security group admits the
   * configured sources on exactly the ports that listen.
   */
  private addListeners({ settings, allowedSources }: ProxyLoadBalancerProps): void {
    const sources: { peer: IPeer; label: string }[] = [
      ...allowedSources.cidrs.map((cidr) => ({
        peer: cidr.includes(':') ? Peer.ipv6(cidr) : Peer.ipv4(cidr),
        label: cidr,
      })),
      ...allowedSources.securityGroupIds.map((id) => ({
        peer: Peer.securityGroupId(id),
        label: id,
      })),
    ];
    const admit = (port: number) => {
      for (const { peer, label } of sources) {
        this.securityGroup.addIngressRule(
          peer,
          Port.tcp(port),
          `legacy apps (${label}) on ${port}`,
        );
      }
    };

    if (settings.http === 'forward') {
      this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: ApplicationProtocol.HTTP,
        open: false,
        defaultTargetGroups: [this.targetGroup],
      });
      admit(80);
    } else if (settings.http === 'redirect') {
      this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: ApplicationProtocol.HTTP,
        open: false,
        defaultAction: ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
      admit(80);
    }

    if (settings.certificateArn) {
      this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: ApplicationProtocol.HTTPS,
        open: false,
        certificates: [ListenerCertificate.fromArn(settings.certificateArn)],
        sslPolicy: settings.sslPolicy as SslPolicy,
        defaultTargetGroups: [this.targetGroup],
      });
      admit(443);
    }
  }

  /**
   * LambdaTarget grants invoke to the ELB service principal without a source. Narrow it to
   * this proxy's target group, by name (the exact ARN would be a dependency cycle: the target
   * group registers the function only after the permission exists).
   */
  private restrictInvokePermission(target: IFunction, targetGroupName: string): void {
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
      Stack.of(this).formatArn({
        service: 'elasticloadbalancing',
        resource: 'targetgroup',
        resourceName: `${targetGroupName}/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
  }

  private enableAccessLogs(retentionDays: number): Bucket {
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
    this.loadBalancer.logAccessLogs(bucket, 'alb');
    return bucket;
  }

  /** The private zone of the name: imported when it exists, else made for the VPC and `extraVpcs`. */
  private hostedZone(vpc: IVpc, dns: DeployConfig['dns']): IHostedZone {
    if (dns.existingZoneId) {
      return HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: dns.existingZoneId,
        zoneName: dns.zoneName,
      });
    }
    const zone = new PrivateHostedZone(this, 'Zone', {
      zoneName: dns.zoneName,
      vpc,
      comment: `${SERVICE_NAME}: the private name legacy apps use in every account`,
    });
    dns.extraVpcs.forEach((extra, i) => {
      const region = extra.region ?? Stack.of(this).region;
      // A zone association needs only the VPC id and region; the AZ is a placeholder the
      // import requires and nothing reads.
      zone.addVpc(
        Vpc.fromVpcAttributes(this, `ExtraVpc${i + 1}`, {
          vpcId: extra.vpcId,
          region,
          availabilityZones: [`${region}a`],
        }),
      );
    });
    return zone;
  }

  private acknowledgeFinding(scope: Construct, id: string, reason: string): void {
    if (this.acknowledge) Validations.of(scope).acknowledge({ id, reason });
  }
}
