import { describe, expect, it } from 'vitest';
import { deployTargetOf, operatorPolicy } from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { decide, resolveIntrinsics } from './policyEvaluation.js';
import { exampleWith, type Json, onlyResource, resourcesOf, synthProxy } from './synthProxy.js';

/** The example, changed, synthesized (no bundling: the templates are the point). */
const variant = (change: (config: Json) => void) =>
  synthProxy('example', { config: parseDeployConfig(exampleWith(change)) });

const listenersOn = (template: ReturnType<typeof synthProxy>['template'], port: number) =>
  resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')
    .map(([, listener]) => listener.Properties)
    .filter((props: Json) => props.Port === port);

const ingressPorts = (template: ReturnType<typeof synthProxy>['template']) =>
  (onlyResource(template, 'AWS::EC2::SecurityGroup').Properties.SecurityGroupIngress as Json[]).map(
    (rule) => rule.FromPort,
  );

describe('port 80 (loadBalancer.http)', () => {
  it('forward (the default): plain http:// reaches the proxy', () => {
    const { template } = synthProxy('example');
    const [http] = listenersOn(template, 80);
    expect(http.DefaultActions).toEqual([
      expect.objectContaining({ Type: 'forward', TargetGroupArn: expect.anything() }),
    ]);
    expect(ingressPorts(template)).toContain(80);
  });

  it('redirect: port 80 only redirects to HTTPS, it never forwards to the function', () => {
    const { template } = variant((c) => {
      c.loadBalancer.http = 'redirect';
    });
    const [http] = listenersOn(template, 80);
    expect(http.DefaultActions).toEqual([
      {
        Type: 'redirect',
        RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      },
    ]);
    expect(JSON.stringify(http)).not.toContain('forward');
  });

  it('off: no listener and no security-group rule on 80', () => {
    const { template } = variant((c) => {
      c.loadBalancer.http = 'off';
    });
    expect(listenersOn(template, 80)).toEqual([]);
    expect(ingressPorts(template)).not.toContain(80);
    expect(listenersOn(template, 443)).toHaveLength(1);
  });

  it('redirect or off without a certificate is refused: nothing could reach the proxy', () => {
    expect(() =>
      parseDeployConfig(
        exampleWith((c) => {
          c.loadBalancer.http = 'off';
          delete c.loadBalancer.certificateArn;
        }),
      ),
    ).toThrow(/loadBalancer\.http: "off" leaves no way in/);
  });
});

describe('concurrency', () => {
  it('reserves the configured concurrency for the handler, and none by default', () => {
    const fn = (template: Json) =>
      resourcesOf(template, 'AWS::Lambda::Function').find(([, f]) =>
        String(f.Properties.Description).includes('HipChat REST calls'),
      )?.[1].Properties;
    expect(fn(synthProxy('example').template).ReservedConcurrentExecutions).toBeUndefined();
    const limited = variant((c) => {
      c.lambda.reservedConcurrency = 50;
    });
    expect(fn(limited.template).ReservedConcurrentExecutions).toBe(50);
  });

  it('targets the function itself by default: no alias, no version, nothing provisioned', () => {
    const { template } = synthProxy('example');
    expect(resourcesOf(template, 'AWS::Lambda::Alias')).toEqual([]);
    expect(resourcesOf(template, 'AWS::Lambda::Version')).toEqual([]);
    const targets = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties
      .Targets as Json[];
    expect(JSON.stringify(targets)).not.toContain('Alias');
  });

  it('with provisionedConcurrency, the ALB invokes a `live` alias kept initialized, and only it', () => {
    const { template } = variant((c) => {
      c.lambda.provisionedConcurrency = 2;
    });
    const [[aliasId, alias]] = resourcesOf(template, 'AWS::Lambda::Alias') as [[string, Json]];
    expect(alias.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    expect(resourcesOf(template, 'AWS::Lambda::Version')).toHaveLength(1);
    const group = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
    expect(group.Targets).toEqual([{ Id: { Ref: aliasId } }]);
    // The ELB's invoke permission is on the alias and still names only this target group.
    const elb = resourcesOf(template, 'AWS::Lambda::Permission')
      .map(([, permission]) => permission.Properties)
      .filter((props: Json) => props.Principal === 'elasticloadbalancing.amazonaws.com');
    expect(elb).toHaveLength(1);
    expect(elb[0].FunctionName).toEqual({ Ref: aliasId });
    expect(JSON.stringify(elb[0].SourceArn)).toContain(':targetgroup/HipChatSlackProxy/*');
    // `check` invokes what the ALB invokes, and operators may.
    expect(template.toJSON().Outputs.InvokedFunction.Value).toEqual({ Ref: aliasId });
    // The operators' policy (an administrator's, not the stack's) takes the alias: the handler's
    // generated name `<stackName>-<logicalId>-<suffix>`, qualified with `:live`.
    const [[handlerId]] = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) =>
      /^Handler[0-9A-F]{8}$/.test(id),
    ) as [[string, Json]];
    const operators = operatorPolicy(
      deployTargetOf(loadDeployConfig('example')),
    ) as unknown as Json;
    const aliasArn = `arn:aws:lambda:eu-west-1:111111111111:function:HipChatSlackProxy-${handlerId}-AbCdEf123456:live`;
    for (const action of ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration']) {
      expect(decide(operators, { action, resource: aliasArn }), action).toBe('Allow');
    }
  });

  it('refuses as much provisioned concurrency as reserved, or more', () => {
    for (const provisioned of [2, 3]) {
      expect(() =>
        parseDeployConfig(
          exampleWith((c) => {
            c.lambda.reservedConcurrency = 2;
            c.lambda.provisionedConcurrency = provisioned;
          }),
        ),
      ).toThrow(/lambda\.provisionedConcurrency: must be below lambda\.reservedConcurrency \(2\)/);
    }
  });

  it("bounds the retry consumer's event source (maxConcurrency, default 5)", () => {
    synthProxy('example').template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    variant((c) => {
      c.retry = { maxConcurrency: 20 };
    }).template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 20 },
    });
  });
});

describe('what outlives a mistake', () => {
  it('turns termination protection on by default, off only when the config says so', () => {
    expect(synthProxy('example').stack.terminationProtection).toBe(true);
    expect(
      variant((c) => {
        c.terminationProtection = false;
      }).stack.terminationProtection,
    ).toBe(false);
  });

  it('keeps both queues (messages answered 204) when the stack goes, SQS-encrypted', () => {
    const queues = resourcesOf(synthProxy('example').template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const [, queue] of queues) {
      expect(queue.DeletionPolicy).toBe('Retain');
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
  });
});

describe('alarms', () => {
  it('name the environment and notify alarm and OK, the queue alarms included', () => {
    const { template } = synthProxy('example');
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.length).toBe(18); // docs/deploy.md section 10; test/infra/alarms.test.ts
    for (const alarm of alarms) {
      expect(alarm.AlarmName).toMatch(/^HipChatSlackProxy-example-[A-Za-z0-9]+$/);
      expect(alarm.AlarmActions).toHaveLength(1);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
    expect(alarms.map((a) => a.AlarmName)).toEqual(
      expect.arrayContaining([
        'HipChatSlackProxy-example-ConsumerErrors',
        'HipChatSlackProxy-example-CertificateExpiry',
        'HipChatSlackProxy-example-UnhealthyTarget',
      ]),
    );
  });

  it('drops the certificate alarm when there is no certificate', () => {
    const { template } = variant((c) => {
      delete c.loadBalancer.certificateArn;
    });
    const names = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties.AlarmName,
    );
    expect(names).not.toContain('HipChatSlackProxy-example-CertificateExpiry');
  });
});

describe('the rest of the config is honoured', () => {
  it("gives the consumer's logs the configured retention too", () => {
    const { template } = variant((c) => {
      c.lambda.logRetentionDays = 14;
    });
    // The two functions' log groups (the secret-change audit log keeps a year whatever this says).
    const retentions = resourcesOf(template, 'AWS::Logs::LogGroup')
      .filter(([id]) => !id.startsWith('SecretChanges'))
      .map(([, group]) => group.Properties.RetentionInDays);
    expect(retentions).toEqual([14, 14]);
  });

  it('refuses a TLS policy the CDK does not know (it would fail only at deploy)', () => {
    expect(() =>
      parseDeployConfig(
        exampleWith((c) => {
          c.loadBalancer.sslPolicy = 'ELBSecurityPolicy-TLS13-1-2-Typo-2099';
        }),
      ),
    ).toThrow(/loadBalancer\.sslPolicy: must be one of the ELB security policies/);
  });

  it('refuses a config that names no operator role (nobody could fill the secrets)', () => {
    expect(() =>
      parseDeployConfig(
        exampleWith((c) => {
          c.operatorRoleArns = [];
        }),
      ),
    ).toThrow(/operatorRoleArns: name the role\(s\) operators use/);
  });

  it('warns that an imported secret gets no policy from the stack (CloudFormation cannot lock it)', () => {
    const { stack } = variant((c) => {
      c.secrets = { slackToken: { existing: true }, whitelist: { existing: true } };
    });
    const warnings = stack.node
      .findAll()
      .flatMap((node) => node.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:warning')
      .map((entry) => String(entry.data));
    expect(
      warnings.filter((w) =>
        /CloudFormation cannot give it a resource policy; put the stack output Imported(SlackToken|Whitelist)SecretPolicy on it/.test(
          w,
        ),
      ),
    ).toHaveLength(2);
  });

  it('lets operators write the secrets as the CLI does (PutSecretValue, then UpdateSecretVersionStage)', () => {
    const operators = operatorPolicy(
      deployTargetOf(loadDeployConfig('example')),
    ) as unknown as Json;
    const secret =
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:hipchat-slack-proxy/slack-token-AbC123';
    for (const action of [
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]) {
      expect(decide(operators, { action, resource: secret }), action).toBe('Allow');
    }
  });

  it('keeps the daily certificate alarm within CloudWatch limits whatever evaluationPeriods says', () => {
    const { template } = variant((c) => {
      c.alarms.evaluationPeriods = 8;
    });
    const cert = resourcesOf(template, 'AWS::CloudWatch::Alarm').find(
      ([, a]) => a.Properties.MetricName === 'DaysToExpiry',
    )?.[1];
    expect(cert.Properties.Period * cert.Properties.EvaluationPeriods).toBeLessThanOrEqual(604_800);
  });

  it('lets the named operator roles read the secrets, and outputs their policy', () => {
    const operator = 'arn:aws:iam::111111111111:role/platform-operators';
    const { template } = variant((c) => {
      c.operatorRoleArns = [operator];
    });
    for (const [, policy] of resourcesOf(template, 'AWS::SecretsManager::ResourcePolicy')) {
      const readers = policy.Properties.ResourcePolicy.Statement[0].Condition.ArnNotLike[
        'aws:PrincipalArn'
      ] as Json[];
      expect(readers).toContain(operator);
    }
    const outputs = template.toJSON().Outputs as Json;
    expect(
      resolveIntrinsics(outputs.OperatorPolicyArn.Value, {
        account: '111111111111',
        region: 'eu-west-1',
      }),
    ).toBe('arn:aws:iam::111111111111:policy/HipChatSlackProxy-Operators-example');
  });

  it('records the proxy version (package version + git commit) as an output and a tag', () => {
    const { template, stack } = synthProxy('example');
    expect(stack.version).toMatch(/^\d+\.\d+\.\d+\+([0-9a-f]{7}(\.dirty)?|unknown)$/);
    const outputs = template.toJSON().Outputs as Json;
    expect(outputs.ProxyVersion.Value).toBe(stack.version);
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[0]?.[1];
    expect(fn.Properties.Tags).toEqual(
      expect.arrayContaining([{ Key: 'proxy-version', Value: stack.version }]),
    );
  });
});
