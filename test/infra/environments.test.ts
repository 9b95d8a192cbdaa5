import { beforeAll, describe, expect, it } from 'vitest';
import type { DeployConfig } from '../../infra/config/deployConfigSchema.js';
import { loadDeployConfig, proxyHostname } from '../../infra/config/loadDeployConfig.js';
import { resourcesOf, type SynthesizedProxy, synthProxy } from './synthProxy.js';

/**
 * Two committed environments: their templates must differ only where their config files
 * differ. Template B, with every config value of B replaced by A's, must equal template A.
 */
describe('two environments', () => {
  const a = loadDeployConfig('example');
  const b = loadDeployConfig('example-us');
  let synthA: SynthesizedProxy;
  let synthB: SynthesizedProxy;
  beforeAll(() => {
    synthA = synthProxy('example');
    synthB = synthProxy('example-us');
  }, 60_000);

  it('are really different accounts with different settings', () => {
    expect(a.account).not.toBe(b.account);
    expect(a.region).not.toBe(b.region);
    expect(differences(a, b).length).toBeGreaterThan(10);
  });

  it('synthesize templates that differ only where the configs differ', () => {
    let templateB = JSON.stringify(synthB.template.toJSON());
    // Longest first, so "us-east-1a" is replaced before "us-east-1".
    const pairs = differences(a, b).sort(([x], [y]) => y.length - x.length);
    for (const [fromB, toA] of pairs) {
      templateB = templateB.split(jsonEscaped(fromB)).join(jsonEscaped(toA));
    }
    // What the stack's construct id (HipChatSlackProxy-<env>) shapes: asset keys and one
    // logical id derived from the construct path.
    const normalized = (text: string) =>
      text
        .replace(/"[0-9a-f]{64}\.zip"/g, '"<asset>.zip"')
        // AWS publishes the secrets extension's layer from a different account per region.
        .replace(
          /arn:aws:lambda:[a-z0-9-]+:\d{12}:layer:/g,
          'arn:aws:lambda:<region>:<publisher>:layer:',
        )
        .replace(/RetryQueueConsumerSqsEventSource\w+/g, 'RetryQueueConsumerSqsEventSource<id>');
    expect(JSON.parse(normalized(templateB))).toEqual(
      JSON.parse(normalized(JSON.stringify(synthA.template.toJSON()))),
    );
  });

  it('use the same host name', () => {
    expect(proxyHostname(a)).toBe(proxyHostname(b));
    for (const { template } of [synthA, synthB]) {
      const records = resourcesOf(template, 'AWS::Route53::RecordSet');
      expect(records.map(([, record]) => record.Properties.Name)).toEqual([
        'api.hipchat.internal.',
      ]);
      template.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'hipchat.internal.' });
    }
  });
});

/**
 * [value in B, value in A] for every string leaf where the two configs differ. The room map
 * is compared whole (its keys are data, and the stack passes it on as one JSON string).
 * Any other difference (a number, a missing key) fails: the examples should differ in
 * identifiers and data, not in shape.
 */
function differences(a: DeployConfig, b: DeployConfig): [string, string][] {
  const pairs: [string, string][] = [];
  if (JSON.stringify(a.roomMap) !== JSON.stringify(b.roomMap)) {
    pairs.push([JSON.stringify(b.roomMap), JSON.stringify(a.roomMap)]);
  }
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === 'string' && typeof y === 'string') {
      if (x !== y) pairs.push([y, x]);
      return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const keys = Object.keys(x);
      expect(Object.keys(y), `keys at ${path}`).toEqual(keys);
      for (const key of keys) {
        walk(
          (x as Record<string, unknown>)[key],
          (y as Record<string, unknown>)[key],
          `${path}.${key}`,
        );
      }
      return;
    }
    expect(y, `value at ${path}`).toEqual(x);
  };
  walk({ ...a, roomMap: {} }, { ...b, roomMap: {} }, 'config');
  return pairs;
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
