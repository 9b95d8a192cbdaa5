import {
  Annotations,
  CfnOutput,
  DefaultStackSynthesizer,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  AnyPrincipal,
  Effect,
  type IGrantable,
  type IRole,
  PolicyDocument,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import {
  type CfnSecret,
  type ISecret,
  type ResourcePolicy,
  Secret,
} from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SERVICE_NAME } from './serviceName.js';

/**
 * What changes a secret, its value or who may read it: the resource policy denies these to all
 * but the operators and the CDK's CloudFormation execution role.
 */
export const SECRET_WRITE_ACTIONS = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:DeleteSecret',
  'secretsmanager:RestoreSecret',
  'secretsmanager:RotateSecret',
  'secretsmanager:CancelRotateSecret',
  'secretsmanager:PutResourcePolicy',
  'secretsmanager:DeleteResourcePolicy',
  'secretsmanager:TagResource',
  'secretsmanager:UntagResource',
  'secretsmanager:ReplicateSecretToRegions',
  'secretsmanager:RemoveRegionsFromReplication',
  'secretsmanager:StopReplicationToReplica',
] as const;

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
 * the stack goes, or imported by name when the config says they exist. Owns who may read and
 * change them: `grantRead` for the functions, and `lockTo`, their resource policies (kept when
 * the stack goes), which deny reading to every other principal and changing them to all but the
 * operators and the deploy role. The operators' own permissions on them are in their policy,
 * an administrator's (`operatorPolicy` in bootstrap/deployPolicies.ts).
 *
 * @example
 * const secrets = new ProxySecrets(this, 'Secrets', config.secrets);
 * secrets.grantRead(handler);
 * handler.addEnvironment('WHITELIST_SECRET_ID', secrets.whitelistId);
 * secrets.lockTo({ slackToken: [handler.role, consumer.role], whitelist: [handler.role], operatorRoleArns });
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
   * The secrets' resource policies: they deny reading them to every principal but the given
   * roles (the functions that need them) and the operator roles, so broad Secrets Manager rights
   * elsewhere in the account do not reach the Slack token (which can post anywhere under any
   * name); and they deny changing them (`SECRET_WRITE_ACTIONS`: a value, a version stage, the
   * resource policy itself, deletion) to every principal but the operator roles and the CDK's
   * CloudFormation execution role, which manages the policy and the secrets' settings. The
   * functions only read. Operator entries may be patterns (an SSO role's path and suffix).
   *
   * A created secret gets the policy from the stack and keeps it when the stack goes (RETAIN,
   * like the secret). An imported one keeps whatever policy it has: CloudFormation cannot attach
   * one to a secret it does not own, so the stack outputs the document
   * (`Imported<Secret>SecretPolicy`) for an operator to put on it, and synth warns.
   */
  lockTo(readers: {
    slackToken: readonly IRole[];
    whitelist: readonly IRole[];
    operatorRoleArns: readonly string[];
  }): void {
    const lock = [
      [this.slackToken, readers.slackToken, 'SlackToken'],
      [this.whitelist, readers.whitelist, 'Whitelist'],
    ] as const;
    const writers = [...readers.operatorRoleArns, deployRoleArn(Stack.of(this))];
    for (const [secret, roles, name] of lock) {
      const statements = [
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
        new PolicyStatement({
          sid: 'OnlyOperatorsAndTheDeployRoleChangeIt',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: [...SECRET_WRITE_ACTIONS],
          resources: ['*'],
          conditions: { ArnNotLike: { 'aws:PrincipalArn': writers } },
        }),
      ];
      if (!(secret instanceof Secret)) {
        const outputId = `Imported${name}SecretPolicy`;
        new CfnOutput(this, outputId, {
          description: `put on the imported secret ${secret.secretName}: aws secretsmanager put-resource-policy --block-public-policy (docs/deploy.md, section 5)`,
          value: Stack.of(this).toJsonString(new PolicyDocument({ statements }).toJSON()),
        });
        Annotations.of(secret).addWarningV2(
          'hipchat-proxy:importedSecretUnlocked',
          `${secret.secretName} is imported (existing: true): CloudFormation cannot give it a resource policy; put the stack output ${outputId} on it (docs/deploy.md, section 5)`,
        );
        continue;
      }
      for (const statement of statements) secret.addToResourcePolicy(statement);
      // Kept with the secret: after a tear-down the values stay guarded, and only the operators
      // (and the deploy role) may change them or the policy.
      (secret.node.findChild('Policy') as ResourcePolicy).applyRemovalPolicy(RemovalPolicy.RETAIN);
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

/**
 * The role CloudFormation deploys with: the CDK bootstrap's execution role of the stack's account
 * and region (`cdk-<qualifier>-cfn-exec-role-<account>-<region>`).
 *
 * @example
 * deployRoleArn(Stack.of(this)); // arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-…
 */
export function deployRoleArn(stack: Stack): string {
  const { synthesizer } = stack;
  if (!(synthesizer instanceof DefaultStackSynthesizer)) {
    throw new Error(
      `${stack.stackName}: the secrets' policy names the CDK execution role, which needs the DefaultStackSynthesizer`,
    );
  }
  return Fn.sub(synthesizer.cloudFormationExecutionRoleArn);
}

/** An imported secret is known by name; a created one by its exact ARN. */
function secretId(secret: ISecret, settings: SecretSettings): string {
  return settings.existing ? settings.name : secret.secretArn;
}
