import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageDashboard, type UsageDashboardProps } from '../../infra/UsageDashboard.js';

/** The dashboard body as CloudFormation renders it, with tokens (region, log group) flattened. */
function dashboardBody(props: (stack: Stack) => UsageDashboardProps) {
  const stack = new Stack(new App(), 'Test', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new UsageDashboard(stack, 'Usage', props(stack));
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard?.Properties.DashboardBody;
  const text =
    typeof body === 'string'
      ? body
      : (body['Fn::Join'][1] as unknown[])
          .map((part) => (typeof part === 'string' ? part : 'TOKEN'))
          .join('');
  return JSON.parse(text) as {
    widgets: {
      type: string;
      properties: { title?: string; metrics?: unknown[][]; query?: string };
    }[];
  };
}

const titled = (body: ReturnType<typeof dashboardBody>, title: string) =>
  body.widgets.find((widget) => widget.properties.title === title);

type Body = ReturnType<typeof dashboardBody>;
let defaults: Body;
let withAll: Body;

// Synthesis loads much of aws-cdk-lib: done once, with room for a busy CI machine.
beforeAll(() => {
  defaults = dashboardBody(() => ({}));
  withAll = dashboardBody((stack) => {
    const logGroup = new LogGroup(stack, 'Logs');
    return {
      namespace: 'Custom',
      serviceName: 'proxy-eu',
      queueDepth: new Metric({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensionsMap: { QueueName: 'retry' },
      }),
      logGroup,
      threadFallbacks: {
        metric: new Metric({
          namespace: 'Custom',
          metricName: 'ThreadFallbacks',
          statistic: 'Sum',
        }),
        logGroups: [logGroup, new LogGroup(stack, 'ConsumerLogs')],
      },
    };
  });
}, 120_000);

describe('UsageDashboard', () => {
  it('graphs delivered messages and requests not delivered by kind from the account-wide metrics: no label dimension', () => {
    const body = defaults;
    expect(titled(body, 'Messages delivered (all labels)')?.properties.metrics?.[0]).toEqual([
      'HipChatSlackProxy',
      'Requests',
      'outcomeKind',
      'delivered',
      'service',
      'hipchat-slack-proxy',
      { label: 'delivered', stat: 'Sum' },
    ]);
    expect(
      JSON.stringify(titled(body, 'Requests not delivered, by kind')?.properties.metrics),
    ).toContain(
      `SEARCH('{HipChatSlackProxy,service,outcomeKind} MetricName=\\"Requests\\" service=\\"hipchat-slack-proxy\\" NOT outcomeKind=\\"delivered\\"', 'Sum', 300)`,
    );
    expect(JSON.stringify(body)).not.toContain('tokenLabel');
    expect(JSON.stringify(withAll.widgets.filter((w) => w.type === 'metric'))).not.toContain(
      'tokenLabel',
    );
  });

  it('answers per-label questions from the request log lines (Logs Insights), given the log group', () => {
    expect(titled(defaults, 'Requests per token label and outcome kind')).toBeUndefined();
    const perLabel = titled(withAll, 'Requests per token label and outcome kind');
    expect(perLabel?.type).toBe('log');
    expect(perLabel?.properties.query).toMatch(
      /filter message = "request" and ispresent\(tokenLabel\).*stats count\(\*\) as requests by tokenLabel, outcomeKind/s,
    );
  });

  it('graphs Slack latency percentiles by service', () => {
    const latency = titled(
      dashboardBody(() => ({})),
      'Slack latency (ms, retries included)',
    );
    const metrics = latency?.properties.metrics ?? [];
    expect(metrics).toHaveLength(4);
    expect(metrics[0]).toEqual([
      'HipChatSlackProxy',
      'SlackLatency',
      'service',
      'hipchat-slack-proxy',
      { label: 'p50', stat: 'p50' },
    ]);
  });

  it('graphs the retry queue only when given, and a last-seen table when given the log group', () => {
    expect(titled(defaults, 'Retry queue depth')).toBeUndefined();
    expect(titled(defaults, 'Last seen per token label')).toBeUndefined();
    expect(titled(withAll, 'Retry queue depth')?.properties.metrics?.[0]).toEqual(
      expect.arrayContaining([
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        'retry',
      ]),
    );
    expect(titled(withAll, 'Last seen per token label')?.properties.query).toMatch(
      /filter message = "request".*max\(@timestamp\) as lastSeen by tokenLabel/s,
    );
    expect(JSON.stringify(withAll)).toContain('{Custom,service,outcomeKind}');
    expect(JSON.stringify(withAll)).toContain('service=\\"proxy-eu\\"');
  });

  it('graphs the thread fallbacks and tables them by reason over the given log groups, only when given', () => {
    expect(titled(defaults, 'Thread fallbacks (all reasons)')).toBeUndefined();
    expect(titled(defaults, 'Thread fallbacks by reason')).toBeUndefined();
    expect(titled(withAll, 'Thread fallbacks (all reasons)')?.properties.metrics?.[0]).toEqual([
      'Custom',
      'ThreadFallbacks',
      { stat: 'Sum' },
    ]);
    const byReason = titled(withAll, 'Thread fallbacks by reason');
    expect(byReason?.type).toBe('log');
    expect(byReason?.properties.query).toMatch(
      /filter message = "thread fallback".*stats count\(\*\) as fallbacks by reason/s,
    );
  });
});
