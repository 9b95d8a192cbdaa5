import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../infra/bundleOptions.mjs';
import { loadDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { runCopiedAsset } from './runCopiedAsset.js';
import {
  handlerFunction,
  type Json,
  onlyResource,
  resourcesOf,
  type SynthesizedProxy,
  synthProxy,
} from './synthProxy.js';

// One synthesis of the committed example, with the real esbuild bundle (costs seconds).
const config = loadDeployConfig('example');
let synth: SynthesizedProxy;
beforeAll(() => {
  synth = synthProxy('example', { bundle: true, cfnValidation: true });
}, 120_000);

const logicalIdOf = (type: string) => {
  // The retry queue brings its own function, role and log group; these are the stack's own.
  // The secret-change alarm brings its own log group too.
  const ids = Object.keys(synth.template.findResources(type)).filter(
    (id) => !id.startsWith('RetryQueue') && !id.startsWith('SecretChanges'),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

const queueId = (kind: 'retry' | 'dead letters') => {
  const ids = Object.keys(synth.template.findResources('AWS::SQS::Queue')).filter(
    (id) => id.startsWith('RetryQueueDeadLetters') === (kind === 'dead letters'),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

describe('synthesis', () => {
  it('passes CloudFormation schema validation and cdk-nag with nothing to report', () => {
    const report = JSON.parse(
      readFileSync(join(synth.assembly.directory, 'validation-report.json'), 'utf8'),
    );
    expect(report.pluginReports).toEqual([]);
  });
});

describe('the internal ALB', () => {
  it('is internal, in the configured private subnets, hardened', () => {
    synth.template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Type: 'application',
      Subnets: config.vpc.privateSubnets.map((subnet) => subnet.subnetId),
    });
    const lb = onlyResource(synth.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
        // The caller address in the log line is the entry the ALB appends.
        { Key: 'routing.http.xff_header_processing.mode', Value: 'append' },
        { Key: 'idle_timeout.timeout_seconds', Value: '60' },
      ]),
    );
  });

  it('is never internet-facing', () => {
    for (const [, lb] of resourcesOf(synth.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      expect(lb.Properties.Scheme).toBe('internal');
    }
  });

  it('keeps no access logs in this environment (they would hold auth_token values)', () => {
    synth.template.resourceCountIs('AWS::S3::Bucket', 0);
    const lb = onlyResource(synth.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const keys = (lb.Properties.LoadBalancerAttributes as { Key: string }[]).map((a) => a.Key);
    expect(keys).not.toContain('access_logs.s3.enabled');
  });
});

describe('the security group', () => {
  const ingress = () => {
    const sg = onlyResource(synth.template, 'AWS::EC2::SecurityGroup');
    return sg.Properties.SecurityGroupIngress as Record<string, unknown>[];
  };

  it('is the only one, and belongs to the ALB', () => {
    synth.template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    synth.template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      SecurityGroups: [{ 'Fn::GetAtt': [logicalIdOf('AWS::EC2::SecurityGroup'), 'GroupId'] }],
    });
  });

  it('admits exactly the configured sources on 80 and 443', () => {
    const sources = [
      ...config.allowedSources.cidrs.map((cidr) => ({ CidrIp: cidr })),
      ...config.allowedSources.securityGroupIds.map((id) => ({ SourceSecurityGroupId: id })),
    ];
    const expected = [80, 443].flatMap((port) =>
      sources.map((source) => ({ ...source, IpProtocol: 'tcp', FromPort: port, ToPort: port })),
    );
    const actual = ingress().map(({ Description: _, ...rule }) => rule);
    expect(actual).toEqual(expect.arrayContaining(expected));
    expect(actual).toHaveLength(expected.length);
  });

  it('never admits the whole internet', () => {
    const all = JSON.stringify(synth.template.toJSON());
    expect(all).not.toContain('0.0.0.0/0');
    expect(all).not.toContain('::/0');
  });

  it('allows no egress (a Lambda target is invoked through the Lambda service)', () => {
    synth.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ],
    });
  });
});

describe('listeners and the target group', () => {
  const targetGroup = () => ({ Ref: logicalIdOf('AWS::ElasticLoadBalancingV2::TargetGroup') });

  it('has an HTTP listener on 80 and an HTTPS listener on 443 with the configured certificate', () => {
    synth.template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroup() }],
    });
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: config.loadBalancer.certificateArn }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroup() }],
    });
  });

  it('registers the Lambda, single-value headers, health checks on /health', () => {
    synth.template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      Targets: [{ Id: { 'Fn::GetAtt': [logicalIdOf('AWS::Lambda::Function'), 'Arn'] } }],
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 60,
      HealthCheckTimeoutSeconds: config.lambda.timeoutSeconds + 5,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: 'false' }],
    });
  });

  it("lets only the proxy's own target group invoke the function", () => {
    synth.template.resourceCountIs('AWS::Lambda::Permission', 1);
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'elasticloadbalancing.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf('AWS::Lambda::Function'), 'Arn'] },
      SourceArn: `arn:aws:elasticloadbalancing:${config.region}:${config.account}:targetgroup/HipChatSlackProxy/*`,
    });
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Name: 'HipChatSlackProxy',
    });
  });
});

describe('the Lambda', () => {
  it('runs the newest Node runtime on ARM64 with the configured memory and timeout', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
    });
  });

  it('is not in the VPC', () => {
    const fn = handlerFunction(synth.template);
    expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  it('gets the environment contract the handler reads', () => {
    const fn = handlerFunction(synth.template);
    expect(fn.Properties.Environment.Variables).toEqual({
      SLACK_TOKEN_SECRET_ID: { Ref: logicalIdOfSecret('slack-token') },
      WHITELIST_SECRET_ID: { Ref: logicalIdOfSecret('whitelist') },
      SLACK_DEADLINE_MS: '5000',
      WHITELIST_TTL_SECONDS: '60',
      ROOM_MAP_JSON: '{"1234":"C0123456789","Ops Alerts":"#ops-alerts"}',
      SLACK_TOKEN_TTL_SECONDS: '300',
      MAX_BODY_BYTES: '262144',
      RATE_LIMIT: '500',
      RATE_LIMIT_WINDOW_SECONDS: '300',
      NOTIFY_MENTION: 'none',
      THREAD_TTL_DAYS: '7',
      THREADS: 'broadcast',
      THREAD_TABLE_NAME: { Ref: resourcesOf(synth.template, 'AWS::DynamoDB::Table')[0]?.[0] },
      POWERTOOLS_SERVICE_NAME: 'hipchat-slack-proxy',
      MALLOC_ARENA_MAX: '1',
      RETRY_QUEUE_URL: { Ref: queueId('retry') },
      DEAD_LETTER_QUEUE_URL: { Ref: queueId('dead letters') },
      // The Parameters and Secrets extension: the secrets over localhost, its own cache off.
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
      PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'false',
      PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'warn',
      ...Object.fromEntries(
        Object.entries(fn.Properties.Environment.Variables as Record<string, string>).filter(
          ([name]) =>
            /^(PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_PARAMETER_STORE_)/.test(name) &&
            ![
              'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
              'PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED',
              'PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL',
            ].includes(name),
        ),
      ),
    });
    expect(fn.Properties.Layers).toEqual([
      expect.stringMatching(
        /^arn:aws:lambda:eu-west-1:\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/,
      ),
    ]);
  });

  it('bounds the Slack attempt well inside the Lambda timeout, and that inside the ALB idle timeout', () => {
    const fn = handlerFunction(synth.template);
    const deadlineMs = Number(fn.Properties.Environment.Variables.SLACK_DEADLINE_MS);
    expect(deadlineMs).toBeLessThanOrEqual(fn.Properties.Timeout * 1000 - 2000);
    expect(fn.Properties.Timeout).toBeLessThan(60 / 2);
  });

  it('logs to its own log group with a retention', () => {
    // The handler's and the retry consumer's, each with a retention; the secret-change log a year.
    synth.template.resourceCountIs('AWS::Logs::LogGroup', 3);
    for (const [id, group] of resourcesOf(synth.template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(id.startsWith('SecretChanges') ? 365 : 90);
    }
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logicalIdOf('AWS::Logs::LogGroup') } },
    });
  });

  describe('the deployed bundle', () => {
    let assetDir: string;
    beforeAll(() => {
      const fn = handlerFunction(synth.template);
      // The code's S3 key is <asset hash>.zip; the assembly stages it as asset.<hash>/.
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      assetDir = join(synth.assembly.directory, `asset.${hash}`);
    });

    it('is a minified ESM handler with lazily loaded chunks, each with a separate source map', () => {
      const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(
        code.startsWith("import { createRequire as __createRequire } from 'node:module';"),
      ).toBe(true);
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000); // minified
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      const files = readdirSync(assetDir, { recursive: true, encoding: 'utf8' });
      const chunks = files.filter((file) => /^chunks\/.+\.mjs$/.test(file));
      expect(chunks.length).toBeGreaterThan(0);
      const sources = ['index.mjs', ...chunks].flatMap((file) => {
        expect(files).toContain(`${file}.map`);
        const map = JSON.parse(readFileSync(join(assetDir, `${file}.map`), 'utf8'));
        expect(map.sourcesContent).toBeUndefined();
        return map.sources as string[];
      });
      expect(sources.some((source) => source.endsWith('src/handlers/alb.ts'))).toBe(true);
      // The credential alias reached the stack's esbuild too: Lambda's environment link only.
      expect(sources.some((source) => source.includes('credential-provider-sso'))).toBe(false);
      expect(sources.some((source) => source.endsWith('lambdaCredentialProvider.ts'))).toBe(true);
      expect(existsSync(join(assetDir, 'node_modules'))).toBe(false);
      console.info(
        `bundle: index.mjs ${Math.round(statSync(join(assetDir, 'index.mjs')).size / 1024)} KB and ${chunks.length} chunks`,
      );
    });

    it('bundles the AWS SDK clients it uses, in chunks the handler imports on first use', () => {
      const index = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      const chunks = readdirSync(join(assetDir, 'chunks')).filter((file) => file.endsWith('.mjs'));
      const code = chunks.map((file) => readFileSync(join(assetDir, 'chunks', file), 'utf8'));
      for (const client of ['client-secrets-manager', 'client-sqs']) {
        expect(index).not.toContain(`@aws-sdk/${client}`);
      }
      expect(code.some((chunk) => chunk.includes('GetSecretValue'))).toBe(true);
      expect(code.some((chunk) => chunk.includes('SendMessage'))).toBe(true);
      expect(index).toMatch(/import\(["']\.\/chunks\//);
    });

    it('loads with no node_modules around it and answers, its lazily loaded chunks included', () => {
      const dir = mkdtempSync(join(tmpdir(), 'proxy-whitelist-'));
      try {
        writeFileSync(
          join(dir, 'whitelist.json'),
          JSON.stringify({ tokens: [{ label: 'asset-test', sha256: tokenDigest('good-token') }] }),
        );
        const request = (
          method: string,
          path: string,
          query: Record<string, string>,
          body = '',
        ) => ({
          requestContext: {
            elb: {
              targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1',
            },
          },
          httpMethod: method,
          path,
          queryStringParameters: query,
          headers: { 'content-type': 'application/json', host: 'api.hipchat.internal' },
          body,
          isBase64Encoded: false,
        });
        const events = [
          request('GET', '/health', {}),
          // Lazily loaded routes: a chunk that failed to load would be a 500.
          request('GET', '/v2/room/ops', { auth_token: 'wrong-token' }),
          request('GET', '/v1/rooms/list', { auth_token: 'wrong-token', format: 'xml' }),
          // An html message loads the HTML parser's chunk, then finds no Slack token: 503.
          request(
            'POST',
            '/v2/room/ops/notification',
            { auth_token: 'good-token' },
            JSON.stringify({ message: '<b>Deploy</b> done', message_format: 'html' }),
          ),
        ];
        const answers = runCopiedAsset(
          assetDir,
          `const answers = [];
          for (const event of ${JSON.stringify(events)}) {
            const { statusCode, body } = await handler(event, { awsRequestId: 'asset-test' });
            answers.push({ statusCode, xml: body.startsWith('<?xml') });
          }
          return answers;`,
          {
            // Nothing listens there: the Slack token cannot be read.
            AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
            SLACK_TOKEN_SECRET_ID: 'hipchat-slack-proxy/slack-token',
            WHITELIST_FILE: join(dir, 'whitelist.json'),
            SLACK_DEADLINE_MS: '5000',
            WHITELIST_TTL_SECONDS: '60',
            ROOM_MAP_JSON: '{}',
            POWERTOOLS_SERVICE_NAME: 'hipchat-slack-proxy',
          },
        );
        expect(answers).toEqual([
          { statusCode: 200, xml: false },
          { statusCode: 401, xml: false },
          { statusCode: 401, xml: true },
          { statusCode: 503, xml: false },
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is, file for file, what `npm run build` writes at this commit', async () => {
      const { metafile } = await build({
        ...lambdaBuildOptions('src/handlers/alb.ts', 'dist/lambda/alb'),
        write: false,
      });
      const built = Object.keys(metafile.outputs)
        .map((file) => relative('dist/lambda/alb', file))
        .sort();
      const deployed = readdirSync(assetDir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.mjs'))
        .sort();
      expect(deployed).toEqual(built.filter((file) => file.endsWith('.mjs')));
    });
  });

  describe('the retry consumer', () => {
    it('gets code of its own, and it answers an SQS batch (not the ALB handler)', () => {
      const functions = resourcesOf(synth.template, 'AWS::Lambda::Function').map(
        ([, fn]) => fn.Properties,
      );
      const consumer = functions.find((fn) =>
        JSON.stringify(fn.Environment?.Variables ?? {}).includes('RETRY_MAX_AGE_SECONDS'),
      );
      const handler = handlerFunction(synth.template).Properties;
      expect(consumer?.Code.S3Key).toBeDefined();
      expect(consumer?.Code.S3Key).not.toEqual(handler.Code.S3Key);

      const assetDir = join(
        synth.assembly.directory,
        `asset.${String(consumer?.Code.S3Key).replace(/\.zip$/, '')}`,
      );
      const answer = runCopiedAsset(assetDir, 'return handler({ Records: [] }, {});', {
        ...consumer?.Environment.Variables,
        RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/retry.fifo',
        DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/dead.fifo',
        SLACK_TOKEN_SECRET_ID: 'hipchat-slack-proxy/slack-token',
        THREAD_TABLE_NAME: 'HipChatSlackProxy-ThreadTable2661CCA4-1A2B3C4D5E6F',
      });
      expect(answer).toEqual({ batchItemFailures: [] });
    });
  });
});

function logicalIdOfMatching(type: string, pattern: RegExp): string {
  const ids = resourcesOf(synth.template, type)
    .map(([id]) => id)
    .filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`${ids.length} ${type} match ${pattern}`);
  return ids[0] ?? '';
}

function logicalIdOfSecret(suffix: string): string {
  const [id] = resourcesOf(synth.template, 'AWS::SecretsManager::Secret').find(
    ([, secret]) => secret.Properties.Name === `hipchat-slack-proxy/${suffix}`,
  ) ?? [''];
  return id;
}

describe('the secrets', () => {
  it('are created by name, empty, and retained when the stack goes', () => {
    synth.template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    for (const name of ['hipchat-slack-proxy/slack-token', 'hipchat-slack-proxy/whitelist']) {
      const secret = Object.values(
        synth.template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }),
      )[0];
      expect(secret?.DeletionPolicy).toBe('Retain');
      expect(secret?.UpdateReplacePolicy).toBe('Retain');
      expect(secret?.Properties.SecretString).toBeUndefined();
      expect(secret?.Properties.GenerateSecretString).toBeUndefined();
    }
  });

  it('deny reading them to every principal but the functions that need them and the named operators', () => {
    const policies = resourcesOf(synth.template, 'AWS::SecretsManager::ResourcePolicy');
    expect(policies).toHaveLength(2);
    const byName = (suffix: string) =>
      policies.find(([, p]) => p.Properties.SecretId.Ref === logicalIdOfSecret(suffix))?.[1]
        .Properties.ResourcePolicy.Statement as Json[];
    const role = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const handlerRole = logicalIdOfMatching('AWS::IAM::Role', /^HandlerRole/);
    const consumerRole = logicalIdOfMatching('AWS::IAM::Role', /ConsumerRole/);
    const operators = config.operatorRoleArns;
    for (const [suffix, readers] of [
      ['slack-token', [role(handlerRole), role(consumerRole), ...operators]],
      ['whitelist', [role(handlerRole), ...operators]],
    ] as const) {
      // The first statement; the second (writes) is in test/infra/securityPolicies.test.ts.
      expect(byName(suffix).slice(0, 1)).toEqual([
        {
          Sid: 'OnlyTheProxyAndItsOperatorsRead',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': readers } },
        },
      ]);
    }
  });
});

describe('IAM: least privilege', () => {
  type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
  const statements = () =>
    resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
        roles: policy.Properties.Roles,
        ...statement,
      })),
    );
  const actions = (statement: Statement) => [statement.Action].flat();

  it('grants secret reads only to the handler role, only on the two secrets', () => {
    const secretStatements = statements().filter((s) =>
      actions(s).some((a) => a.startsWith('secretsmanager:')),
    );
    // The handler reads both secrets; the retry consumer only the Slack token.
    expect(secretStatements).toHaveLength(2);
    const consumerStatement = secretStatements.find(
      (s) => JSON.stringify(s.roles) !== JSON.stringify([{ Ref: logicalIdOf('AWS::IAM::Role') }]),
    );
    expect(consumerStatement?.Resource).toEqual({ Ref: logicalIdOfSecret('slack-token') });
    const statement = secretStatements.find((s) => s !== consumerStatement) ?? {
      Action: [],
      Resource: undefined,
      Effect: '',
      roles: undefined,
    };
    expect(statement.roles).toEqual([{ Ref: logicalIdOf('AWS::IAM::Role') }]);
    expect(actions(statement).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(statement.Resource).toEqual([
      { Ref: logicalIdOfSecret('slack-token') },
      { Ref: logicalIdOfSecret('whitelist') },
    ]);
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [logicalIdOf('AWS::IAM::Role'), 'Arn'] },
    });
  });

  it('has no wildcard actions (no secretsmanager:*) and no Resource "*"', () => {
    for (const statement of statements()) {
      for (const action of actions(statement)) expect(action).not.toMatch(/\*/);
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it('lets the handler write only its own log group, with no managed policies', () => {
    synth.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    const logStatements = statements().filter((s) => actions(s).some((a) => a.startsWith('logs:')));
    // Each function's role writes only its own log group: the handler's and the retry consumer's.
    const consumerLogs = Object.keys(synth.template.findResources('AWS::Logs::LogGroup')).find(
      (id) => id.startsWith('RetryQueue'),
    );
    expect(logStatements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalIdOf('AWS::Logs::LogGroup'), 'Arn'] },
        }),
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [consumerLogs, 'Arn'] },
        }),
      ]),
    );
    expect(logStatements).toHaveLength(2);
  });
});

describe('DNS', () => {
  it('creates the private zone associated with the VPC', () => {
    synth.template.resourceCountIs('AWS::Route53::HostedZone', 1);
    synth.template.hasResourceProperties('AWS::Route53::HostedZone', {
      Name: 'hipchat.internal.',
      VPCs: [{ VPCId: config.vpc.vpcId, VPCRegion: config.region }],
    });
  });

  it('points api.hipchat.internal at the ALB with an alias record', () => {
    const lb = logicalIdOf('AWS::ElasticLoadBalancingV2::LoadBalancer');
    synth.template.resourceCountIs('AWS::Route53::RecordSet', 1);
    synth.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.hipchat.internal.',
      Type: 'A',
      HostedZoneId: { Ref: logicalIdOf('AWS::Route53::HostedZone') },
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [lb, 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [lb, 'CanonicalHostedZoneID'] },
      },
    });
    synth.template.hasOutput('Hostname', { Value: 'api.hipchat.internal' });
  });
});

describe('alarms', () => {
  const topic = config.alarms.snsTopicArn;
  const alarm = (namespace: string, metric: string, extra: Record<string, unknown> = {}) =>
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metric,
      AlarmActions: [topic],
      OKActions: [topic],
      TreatMissingData: 'notBreaching',
      ...extra,
    });

  it('watch Lambda errors, throttles and duration', () => {
    const fn = { Ref: logicalIdOf('AWS::Lambda::Function') };
    alarm('AWS/Lambda', 'Errors', {
      Statistic: 'Sum',
      Threshold: 1,
      Period: 300,
      Dimensions: [{ Name: 'FunctionName', Value: fn }],
    });
    alarm('AWS/Lambda', 'Throttles', { Statistic: 'Sum', Threshold: 1 });
    alarm('AWS/Lambda', 'Duration', { Statistic: 'Maximum', Threshold: 8000 });
  });

  it('watch ALB 5xx and target 5xx', () => {
    alarm('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', { Statistic: 'Sum', Threshold: 1 });
    alarm('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', {
      Statistic: 'Sum',
      Dimensions: Match.arrayWith([
        {
          Name: 'TargetGroup',
          Value: {
            'Fn::GetAtt': [
              logicalIdOf('AWS::ElasticLoadBalancingV2::TargetGroup'),
              'TargetGroupFullName',
            ],
          },
        },
      ]),
    });
    // Eleven of the stack's own (certificate expiry and TLS errors among them, no spillover
    // without provisioned concurrency), the retry queue's five and the thread table's two.
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 18);
  });

  it('count the whitelist entries the proxy skips, from its log lines, and alarm at one', () => {
    synth.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "whitelist entry skipped" }',
      LogGroupName: {
        Ref: Match.stringLikeRegexp('^HandlerLogs'),
      },
      MetricTransformations: [
        {
          MetricNamespace: 'HipChatSlackProxy',
          MetricName: 'WhitelistEntriesSkipped',
          MetricValue: '1',
        },
      ],
    });
    alarm('HipChatSlackProxy', 'WhitelistEntriesSkipped', { Statistic: 'Sum', Threshold: 1 });
  });

  it('notify the configured topic and create none of their own', () => {
    synth.template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});
