import { Annotations, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AnyPrincipal,
  Effect,
  type IGrantable,
  type IRole,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import { type CfnSecret, type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SERVICE_NAME } from './serviceName.js';

/** Where one secret lives: its name, and whether it exists already (imported, not created). */
export interface SecretSettings {
  readonly name: string;
  /** true: created by hand or by an earlier stack; imported by name and left as it is. */
  readonly existing: boolean;
}

export interface ProxySecretsProps {
  /** The Slack bot token (`xoxb-…`, or JSON `{"token":"xoxb-…"}`). */
  readonly slackToken: SecretSettings;
  /** The whitelist of HipChat tokens (SHA-256 digests) that may post. */
  readonly whitelist: SecretSettings;
  /** Acknowledge the cdk-nag finding this design accepts (no rotation Lambda). Default true. */
  readonly acknowledgeNagFindings?: boolean;
}

/**
 * The proxy's two secrets, the Slack bot token and the token whitelist: created empty (operators
 * fill them after the first deploy; until then the proxy fails closed with 503) and kept when
 * the stack goes, or imported by name when the config says they exist. Owns who may read them:
 * `grantRead` for the ALB handler, and `denyReadingToAllBut`, their resource policies that deny
 * every other principal.
 *
 * @example
 * const secrets = new ProxySecrets(this, 'Secrets', config.secrets);
 * secrets.grantRead(handler);
 * handler.addEnvironment('WHITELIST_SECRET_ID', secrets.whitelistId);
 * secrets.denyReadingToAllBut({ slackToken: [handler.role, consumer.role], whitelist: [handler.role], operatorRoleArns });
 */
export class ProxySecrets extends Construct {
  readonly slackToken: ISecret;
  readonly whitelist: ISecret;
  /** How the functions name the Slack token's secret (SLACK_TOKEN_SECRET_ID). */
  readonly slackTokenId: string;
  /** How the ALB handler names the whitelist's secret (WHITELIST_SECRET_ID). */
  readonly whitelistId: string;
  private readonly acknowledge: boolean;

  constructor(scope: Construct, id: string, props: ProxySecretsProps) {
    super(scope, id);
    this.acknowledge = props.acknowledgeNagFindings ?? true;
    this.slackToken = this.secret(
      'SlackTokenSecret',
      props.slackToken,
      'Slack bot token (xoxb-..., or JSON {"token":"xoxb-..."})',
    );
    this.whitelist = this.secret(
      'WhitelistSecret',
      props.whitelist,
      'Whitelist of HipChat tokens (SHA-256 digests) that may post',
    );
    this.slackTokenId = secretId(this.slackToken, props.slackToken);
    this.whitelistId = secretId(this.whitelist, props.whitelist);
  }

  /** Lets `grantee` (the ALB handler) read both secrets; the retry consumer reads only `slackToken`. */
  grantRead(grantee: IGrantable): void {
    this.slackToken.grantRead(grantee);
    this.whitelist.grantRead(grantee);
  }

  /**
   * The secrets' resource policies deny reading them to every principal but the given roles
   * (the functions that need them) and the operator roles: broad Secrets Manager rights
   * elsewhere in the account do not reach the Slack token (which can post anywhere under any
   * name). Operator entries may be patterns (an SSO role's path and suffix).
   */
  denyReadingToAllBut(readers: {
    slackToken: readonly IRole[];
    whitelist: readonly IRole[];
    operatorRoleArns: readonly string[];
  }): void {
    const lock = [
      [this.slackToken, readers.slackToken],
      [this.whitelist, readers.whitelist],
    ] as const;
    for (const [secret, roles] of lock) {
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
          conditions: {
            ArnNotLike: {
              'aws:PrincipalArn': [
                ...roles.map((role) => role.roleArn),
                ...readers.operatorRoleArns,
              ],
            },
          },
        }),
      );
    }
  }

  private secret(id: string, settings: SecretSettings, description: string): ISecret {
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
    if (this.acknowledge) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Holds an operator-managed value (Slack bot token or token whitelist) with no Secrets Manager rotation Lambda: it is rotated by operators (hipchat-proxy CLI / Slack app settings) and the proxy re-reads it within its cache TTL.',
      });
    }
    return secret;
  }
}

/** An imported secret is known by name; a created one by its exact ARN. */
function secretId(secret: ISecret, settings: SecretSettings): string {
  return settings.existing ? settings.name : secret.secretArn;
}
