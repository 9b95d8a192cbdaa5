import type { DeployConfig } from '../config/deployConfigSchema.js';
import { proxyHostname } from '../config/loadDeployConfig.js';

/** An IAM policy document as IAM takes it (`aws iam create-policy --policy-document`). */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatementJson[];
}

export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

/** What the two bootstrap policies of one account are scoped to: its account, region and names. */
export interface DeployTarget {
  readonly account: string;
  readonly region: string;
  /** The CloudFormation stack name; CloudFormation starts every generated resource name with it. */
  readonly stackName: string;
  /** The two secrets' names (created by the stack, or imported). */
  readonly secretNames: readonly string[];
  /** Those of them the stack imports (`existing: true`): their resource policy is the operators' to put. */
  readonly importedSecretNames: readonly string[];
  /** The VPC whose security group the stack makes (the ALB's). */
  readonly vpcId: string;
  /** The proxy's DNS name (`api.hipchat.internal`): the only record the stack writes. */
  readonly hostname: string;
}

/** The account's settings the bootstrap policies are scoped to. */
export function deployTargetOf(config: DeployConfig): DeployTarget {
  return {
    account: config.account,
    region: config.region,
    stackName: config.stackName,
    secretNames: [config.secrets.slackToken.name, config.secrets.whitelist.name],
    importedSecretNames: [config.secrets.slackToken, config.secrets.whitelist]
      .filter((secret) => secret.existing)
      .map((secret) => secret.name),
    vpcId: config.vpc.vpcId,
    hostname: proxyHostname(config),
  };
}

/**
 * What a function in a VPC needs for the network interfaces Lambda makes with its role (what
 * AWSLambdaVPCAccessExecutionRole grants, without its log rights); no resource-level form.
 * The probe's role gets them, and the boundary lets it keep them.
 */
export const LAMBDA_VPC_ACCESS_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/**
 * The only item operations the thread store makes (src/threads/createDynamoThreadStore.ts): what
 * the thread table grants the functions that thread messages (`ThreadTable.grantItems`), and all
 * the boundary lets any role of the stack do to it. No Scan, Query or Delete: items expire by TTL.
 */
export const THREAD_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** The name of the permissions boundary every role of the stack carries (`<stackName>-PermissionsBoundary`). */
export function permissionsBoundaryName(stackName: string): string {
  return `${stackName}-PermissionsBoundary`;
}

/** The ARN of that boundary in `account` (what CreateRole must name). */
export function permissionsBoundaryArn(target: Pick<DeployTarget, 'account' | 'stackName'>) {
  return `arn:aws:iam::${target.account}:policy/${permissionsBoundaryName(target.stackName)}`;
}

/**
 * The operators' managed policy in an account: `<stackName>-Operators-<env>`, a fixed name an
 * Identity Center permission set can reference (customer managed policy, path `/`). IAM names
 * are per account, and one account may hold the stack of two regions as two environments.
 * An administrator creates it once per account (`operatorPolicy`), like the boundary: the stack
 * does not, so the deploy role cannot write the operators' permissions.
 *
 * @example
 * operatorPolicyName('HipChatSlackProxy', 'prod'); // 'HipChatSlackProxy-Operators-prod'
 */
export function operatorPolicyName(stackName: string, envName: string): string {
  return `${stackName}-Operators-${envName}`;
}

/** The ARN of the operators' policy in `account` (the stack's `OperatorPolicyArn` output). */
export function operatorPolicyArn(
  target: Pick<DeployTarget, 'account' | 'stackName'>,
  envName: string,
): string {
  return `arn:aws:iam::${target.account}:policy/${operatorPolicyName(target.stackName, envName)}`;
}

/**
 * What the operators need, as one policy an administrator creates once per account
 * (`<stackName>-Operators-<env>`) and attaches to the operators' roles or permission set: the two
 * secrets (the `tokens` and `slack-token` CLI: read, write a new value, move its stage; an
 * imported secret's resource policy, which the stack cannot put), the dead letters (list,
 * delete, redrive into the retry queue), and `check` (the stack's outputs, the function and its
 * alias, the handler's logs, the target health). Names are the stack's generated ones
 * (`<stackName>-<logicalId>-<suffix>`) and the secrets' with the `-??????` Secrets Manager
 * appends, so it survives a tear-down and redeploy. Not in the stack: the deploy role would then
 * be allowed to write it, and so to make every operator session an administrator.
 *
 * @example
 * operatorPolicy(deployTargetOf(loadDeployConfig('prod'))); // aws iam create-policy --policy-name HipChatSlackProxy-Operators-prod
 */
export function operatorPolicy(target: DeployTarget): PolicyDocumentJson {
  const { account, region, stackName } = target;
  const own = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${account}:${resource}`;
  const statements: PolicyStatementJson[] = [
    {
      Sid: 'ReadAndRotateTheTwoSecrets',
      Effect: 'Allow',
      Action: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:DescribeSecret',
      ],
      Resource: secretArns(target),
    },
  ];
  if (target.importedSecretNames.length > 0) {
    statements.push({
      Sid: 'LockTheImportedSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetResourcePolicy', 'secretsmanager:PutResourcePolicy'],
      Resource: secretArns({ ...target, secretNames: target.importedSecretNames }),
    });
  }
  statements.push(
    {
      // The dead-letter and retry queues: CloudFormation names them `<stackName>-RetryQueue…`;
      // the retry queue's own policy keeps its senders to the handler and the operators.
      Sid: 'TheDeadLettersAndTheirRedrive',
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:SendMessage',
      ],
      Resource: own('sqs', `${stackName}-*`),
    },
    {
      Sid: 'TheStacksOutputs',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStacks'],
      Resource: own('cloudformation', `stack/${stackName}/*`),
    },
    {
      Sid: 'InvokeTheFunctionAndItsAlias',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      Resource: [
        own('lambda', `function:${stackName}-*`),
        own('lambda', `function:${stackName}-*:*`),
      ],
    },
    {
      Sid: 'QueryTheHandlersLogs',
      Effect: 'Allow',
      Action: ['logs:StartQuery', 'logs:FilterLogEvents'],
      Resource: [
        own('logs', `log-group:${stackName}-HandlerLogs*`),
        own('logs', `log-group:${stackName}-HandlerLogs*:*`),
      ],
    },
    {
      // No resource-level permissions for these two.
      Sid: 'QueryResultsAndTargetHealth',
      Effect: 'Allow',
      Action: ['logs:GetQueryResults', 'elasticloadbalancing:DescribeTargetHealth'],
      Resource: '*',
    },
  );
  return { Version: '2012-10-17', Statement: statements };
}

/** The actions that give a role permissions: each must name the boundary. */
export const ROLE_PERMISSION_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary',
] as const;

/**
 * The most any role of the stack may ever do, whatever policy it is given: what the two functions
 * need (write their logs, read the two secrets, use the stack's queues, the thread table's items) on the stack's own
 * resources. A role the deploy role makes must carry it (`executionPolicy`), so a template cannot
 * make a role stronger than the functions' — no IAM, no other secret, no other queue.
 *
 * @example
 * permissionsBoundary(deployTargetOf(loadDeployConfig('prod'))); // aws iam create-policy --policy-name HipChatSlackProxy-PermissionsBoundary
 */
export function permissionsBoundary(target: DeployTarget): PolicyDocumentJson {
  const { account, region, stackName } = target;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:${region}:${account}:log-group:${stackName}-*`,
      },
      {
        Sid: 'ReadTheTwoSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: secretArns(target),
      },
      {
        // The optional in-VPC probe reaches the load balancer through network interfaces
        // Lambda creates with its role (Lambda's own VPC access policy; no resource-level form).
        Sid: 'TheProbesNetworkInterfaces',
        Effect: 'Allow',
        Action: [...LAMBDA_VPC_ACCESS_ACTIONS],
        Resource: '*',
      },
      {
        // GetItem, PutItem and UpdateItem on the thread table (the handler's and the retry
        // consumer's grants), whatever a role's policy says.
        Sid: 'ItemsOfTheStacksThreadTable',
        Effect: 'Allow',
        Action: [...THREAD_TABLE_ACTIONS],
        Resource: `arn:aws:dynamodb:${region}:${account}:table/${stackName}-*`,
      },
      {
        Sid: 'UseTheStacksQueues',
        Effect: 'Allow',
        Action: [
          'sqs:SendMessage',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
        ],
        Resource: `arn:aws:sqs:${region}:${account}:${stackName}-*`,
      },
    ],
  };
}

/**
 * The first of the two policies the CDK's CloudFormation execution role (`cdk bootstrap
 * --cloudformation-execution-policies`) gets in one account: what the proxy stack creates,
 * scoped to the stack's generated names (`<stackName>-*`), the config's secrets, VPC and record
 * wherever the service allows. IAM is in the second (`executionIamPolicy`).
 *
 * @example
 * executionPolicy(deployTargetOf(loadDeployConfig('prod'))); // aws iam create-policy --policy-name HipChatProxyCdkExecution
 */
export function executionPolicy(target: DeployTarget): PolicyDocumentJson {
  const { account, region, stackName, vpcId, hostname } = target;
  const own = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${account}:${resource}`;
  const ownFunctions = own('lambda', `function:${stackName}-*`);
  const securityGroups = own('ec2', 'security-group/*');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TheStackItself',
        Effect: 'Allow',
        Action: ['cloudformation:*'],
        Resource: own('cloudformation', `stack/${stackName}/*`),
      },
      {
        Sid: 'TheStacksFunctions',
        Effect: 'Allow',
        Action: ['lambda:*'],
        Resource: [ownFunctions],
      },
      {
        Sid: 'EventSourceMappingsOfTheStacksFunctions',
        Effect: 'Allow',
        Action: [
          'lambda:CreateEventSourceMapping',
          'lambda:UpdateEventSourceMapping',
          'lambda:DeleteEventSourceMapping',
        ],
        Resource: '*',
        Condition: { ArnLike: { 'lambda:FunctionArn': ownFunctions } },
      },
      {
        Sid: 'ReadEventSourceMappingsAndTheSecretsExtensionLayer',
        Effect: 'Allow',
        Action: [
          'lambda:GetEventSourceMapping',
          'lambda:ListEventSourceMappings',
          'lambda:ListTags',
          'lambda:TagResource',
          'lambda:UntagResource',
          'lambda:GetLayerVersion',
        ],
        Resource: [
          own('lambda', 'event-source-mapping:*'),
          `arn:aws:lambda:${region}:*:layer:AWS-Parameters-and-Secrets-Lambda-Extension*`,
        ],
      },
      {
        Sid: 'TheStacksLogGroups',
        Effect: 'Allow',
        Action: ['logs:*'],
        Resource: [
          own('logs', `log-group:${stackName}-*`),
          own('logs', `log-group:${stackName}-*:*`),
        ],
      },
      {
        // The secret-change alarm: its EventBridge rule, the audit log group it writes to
        // (/aws/events/… is where EventBridge's console looks), and that group's resource
        // policy, which CloudWatch Logs keeps per account with no resource-level permission.
        Sid: 'TheSecretChangeRule',
        Effect: 'Allow',
        Action: ['events:*'],
        Resource: own('events', `rule/${stackName}-*`),
      },
      {
        Sid: 'TheSecretChangeLog',
        Effect: 'Allow',
        Action: ['logs:*'],
        Resource: [
          own('logs', `log-group:/aws/events/${stackName}-*`),
          own('logs', `log-group:/aws/events/${stackName}-*:*`),
        ],
      },
      {
        Sid: 'LogResourcePolicies',
        Effect: 'Allow',
        Action: [
          'logs:PutResourcePolicy',
          'logs:DeleteResourcePolicy',
          'logs:DescribeResourcePolicies',
        ],
        Resource: '*',
      },
      {
        Sid: 'TheStacksQueues',
        Effect: 'Allow',
        Action: ['sqs:*'],
        Resource: own('sqs', `${stackName}-*`),
      },
      {
        // The thread table (CloudFormation names it <stackName>-ThreadTable…): made, tagged,
        // its TTL and point-in-time recovery set; never deleted (it is retained), never read.
        Sid: 'TheStacksThreadTable',
        Effect: 'Allow',
        Action: [
          'dynamodb:CreateTable',
          'dynamodb:UpdateTable',
          'dynamodb:DescribeTable',
          'dynamodb:UpdateTimeToLive',
          'dynamodb:DescribeTimeToLive',
          'dynamodb:UpdateContinuousBackups',
          'dynamodb:DescribeContinuousBackups',
          'dynamodb:DescribeContributorInsights',
          'dynamodb:DescribeKinesisStreamingDestination',
          'dynamodb:TagResource',
          'dynamodb:UntagResource',
          'dynamodb:ListTagsOfResource',
        ],
        Resource: own('dynamodb', `table/${stackName}-*`),
      },
      {
        Sid: 'TheStacksAlarmsAndDashboards',
        Effect: 'Allow',
        Action: ['cloudwatch:*'],
        Resource: [
          own('cloudwatch', `alarm:${stackName}-*`),
          `arn:aws:cloudwatch::${account}:dashboard/${stackName}-*`,
        ],
      },
      {
        Sid: 'TheTwoSecretsButNeverTheirValues',
        Effect: 'Allow',
        Action: [
          'secretsmanager:CreateSecret',
          'secretsmanager:DescribeSecret',
          'secretsmanager:TagResource',
          'secretsmanager:UntagResource',
          'secretsmanager:UpdateSecret',
          'secretsmanager:PutResourcePolicy',
          'secretsmanager:DeleteResourcePolicy',
          'secretsmanager:GetResourcePolicy',
        ],
        Resource: secretArns(target),
      },
      {
        Sid: 'TheLoadBalancerOfThisAccountAndRegion',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:*'],
        Resource: own('elasticloadbalancing', '*'),
      },
      {
        Sid: 'SecurityGroupsInTheProxysVpc',
        Effect: 'Allow',
        Action: [
          'ec2:CreateSecurityGroup',
          'ec2:DeleteSecurityGroup',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:AuthorizeSecurityGroupEgress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupEgress',
          'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
          'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
          'ec2:CreateTags',
          'ec2:DeleteTags',
        ],
        Resource: securityGroups,
        Condition: { ArnEquals: { 'ec2:Vpc': own('ec2', `vpc/${vpcId}`) } },
      },
      {
        Sid: 'ASecurityGroupInTheProxysVpcAndItsRules',
        Effect: 'Allow',
        Action: [
          'ec2:CreateSecurityGroup',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:AuthorizeSecurityGroupEgress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupEgress',
        ],
        Resource: [own('ec2', `vpc/${vpcId}`), own('ec2', 'security-group-rule/*')],
      },
      {
        Sid: 'PrivateZones',
        Effect: 'Allow',
        Action: [
          'route53:GetHostedZone',
          'route53:DeleteHostedZone',
          'route53:UpdateHostedZoneComment',
          'route53:AssociateVPCWithHostedZone',
          'route53:DisassociateVPCFromHostedZone',
          'route53:ChangeTagsForResource',
          'route53:ListTagsForResource',
          'route53:ListResourceRecordSets',
          'route53:GetChange',
        ],
        Resource: ['arn:aws:route53:::hostedzone/*', 'arn:aws:route53:::change/*'],
      },
      {
        Sid: 'CreateAPrivateZone',
        Effect: 'Allow',
        Action: [
          'route53:CreateHostedZone',
          'route53:ListHostedZones',
          'route53:ListHostedZonesByName',
        ],
        Resource: '*',
      },
      {
        Sid: 'OnlyTheProxysRecord',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/*',
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [hostname.toLowerCase()],
          },
        },
      },
      {
        Sid: 'TheOptionalAccessLogBucket',
        Effect: 'Allow',
        Action: [
          's3:CreateBucket',
          's3:DeleteBucket',
          's3:PutBucket*',
          's3:GetBucket*',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:DeleteBucketPolicy',
        ],
        Resource: `arn:aws:s3:::${stackName.toLowerCase()}-*`,
      },
      {
        Sid: 'TheFunctionsCodeFromTheCdkAssetsBucket',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: `arn:aws:s3:::cdk-*-assets-${account}-${region}/*`,
      },
      {
        Sid: 'ReadOnlyLookups',
        Effect: 'Allow',
        Action: ['ec2:Describe*', 'logs:DescribeLogGroups', 'cloudwatch:DescribeAlarms'],
        Resource: '*',
      },
      {
        Sid: 'TheAlarmTopicAndTheBootstrapVersion',
        Effect: 'Allow',
        Action: ['sns:GetTopicAttributes', 'ssm:GetParameters'],
        Resource: [own('sns', '*'), own('ssm', 'parameter/cdk-bootstrap/*')],
      },
    ],
  };
}

/**
 * The IAM half of the CDK execution role's policies (a managed policy holds at most 6,144
 * characters): the stack's roles may be created, given policies or a boundary only with the
 * permissions boundary (`permissionsBoundary`), which they keep and nobody here may change;
 * passing its roles to Lambda only. No managed policy at all: the stack creates none (the
 * operators' is an administrator's, `operatorPolicy`), and one the deploy role could write
 * would be a way around the boundary for whoever it is attached to.
 *
 * @example
 * executionIamPolicy(deployTargetOf(loadDeployConfig('prod'))); // aws iam create-policy --policy-name HipChatProxyCdkExecutionIam
 */
export function executionIamPolicy(target: DeployTarget): PolicyDocumentJson {
  const { account, stackName } = target;
  const boundary = permissionsBoundaryArn(target);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TheStacksRolesCarryTheBoundary',
        Effect: 'Allow',
        Action: [...ROLE_PERMISSION_ACTIONS],
        Resource: `arn:aws:iam::${account}:role/${stackName}-*`,
        Condition: { ArnEquals: { 'iam:PermissionsBoundary': boundary } },
      },
      {
        Sid: 'TheStacksRoles',
        Effect: 'Allow',
        Action: [
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:GetRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:UpdateRole',
          'iam:UpdateRoleDescription',
          'iam:ListRolePolicies',
          'iam:ListAttachedRolePolicies',
        ],
        Resource: `arn:aws:iam::${account}:role/${stackName}-*`,
      },
      {
        Sid: 'PassTheStacksRolesToLambdaOnly',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: `arn:aws:iam::${account}:role/${stackName}-*`,
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
      {
        Sid: 'TheLoadBalancersServiceLinkedRole',
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: `arn:aws:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      },
      {
        Sid: 'NoRoleWithoutTheBoundary',
        Effect: 'Deny',
        Action: [...ROLE_PERMISSION_ACTIONS],
        Resource: '*',
        Condition: { ArnNotEquals: { 'iam:PermissionsBoundary': boundary } },
      },
      {
        Sid: 'TheBoundaryStaysOn',
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary'],
        Resource: '*',
      },
      {
        // Neither the boundary nor the operators' policy (an administrator's, in every
        // environment of the stack) is the deploy role's to write, whatever else it is given.
        Sid: 'TheBoundaryAndTheOperatorsPolicyStayAsTheyAre',
        Effect: 'Deny',
        Action: [
          'iam:CreatePolicy',
          'iam:CreatePolicyVersion',
          'iam:DeletePolicyVersion',
          'iam:SetDefaultPolicyVersion',
          'iam:DeletePolicy',
          'iam:TagPolicy',
          'iam:UntagPolicy',
        ],
        Resource: [
          boundary,
          `arn:aws:iam::${account}:policy/${operatorPolicyName(stackName, '*')}`,
        ],
      },
    ],
  };
}

/** The secrets' ARNs as IAM matches them: Secrets Manager appends `-` and six random characters. */
function secretArns(target: DeployTarget): string[] {
  return target.secretNames.map(
    (name) => `arn:aws:secretsmanager:${target.region}:${target.account}:secret:${name}-??????`,
  );
}
