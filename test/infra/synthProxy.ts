import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { DeployConfig } from '../../infra/config/deployConfigSchema.js';
import { loadDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { addProxyStack } from '../../infra/createProxyApp.js';
import type { HipChatProxyStack } from '../../infra/HipChatProxyStack.js';
import { mergeJson } from '../../src/config/mergeJson.js';

/** The feature flags of cdk.json, so tests synthesize exactly what `cdk synth` does. */
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface SynthesizedProxy {
  readonly app: App;
  readonly stack: HipChatProxyStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
}

type ProxyOptions = {
  config?: DeployConfig;
  bundle?: boolean;
  acknowledgeNagFindings?: boolean;
  /** CDK's built-in CloudFormation schema validation (~9 s to load; one test file runs it). */
  cfnValidation?: boolean;
  /** Where the config and its map files are (default `infra/config/`). */
  configDir?: string;
};

/** The app of one environment as `cdk synth -c env=<name>` builds it, not yet synthesized. */
export function buildProxyApp(envName: string, options: ProxyOptions = {}) {
  const config = options.config ?? loadDeployConfig(envName, options.configDir);
  const app = new App({
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: {
      ...cdkJson.context,
      env: envName,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = addProxyStack(app, {
    envName,
    config,
    ...(options.configDir === undefined ? {} : { configDir: options.configDir }),
    ...(options.acknowledgeNagFindings === undefined
      ? {}
      : { acknowledgeNagFindings: options.acknowledgeNagFindings }),
  });
  return { app, stack };
}

/**
 * Synthesizes one environment the way `cdk synth -c env=<name>` does (cdk.json context, cdk-nag
 * registered; synth throws on an unacknowledged finding). Bundling the handler costs seconds,
 * so it is skipped unless asked for: the template is the same apart from the asset hash.
 */
export function synthProxy(envName: string, options: ProxyOptions = {}): SynthesizedProxy {
  const { app, stack } = buildProxyApp(envName, options);
  const assembly = app.synth();
  return { app, stack, assembly, template: Template.fromStack(stack) };
}

/** The example config (defaults.json under example.json) with some fields changed; the files are not touched. */
export function exampleWith(change: (config: Json) => void): Json {
  const read = (name: string): Json =>
    JSON.parse(readFileSync(new URL(`../../infra/config/${name}.json`, import.meta.url), 'utf8'));
  const json = mergeJson(read('defaults'), read('example')) as Json;
  change(json);
  return json;
}

/** Runs AwsSolutions over the construct tree; the findings nobody acknowledged. */
export function unacknowledgedNagFindings(app: App): { rule: string; paths: string[] }[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? '?'),
  }));
}

/** Every `Validations.of(x).acknowledge(...)` in the tree: rule id, reason, where. */
export function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  const found: { id: string; reason: string; path: string }[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ id: id.replace(/^annotation::/i, ''), reason, path: construct.node.path });
      }
    }
  }
  return found;
}

/** Template and config JSON, which the tests index into freely. */
// biome-ignore lint/suspicious/noExplicitAny: free-form CloudFormation / config JSON in tests
export type Json = any;

/** The resources of one type in a template, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

/** The one resource of a type; fails if there are none or several. */
export function onlyResource(template: Template, type: string): Json {
  const [only, ...more] = resourcesOf(template, type);
  if (!only || more.length > 0) {
    throw new Error(`expected exactly one ${type}, found ${more.length + (only ? 1 : 0)}`);
  }
  return only[1];
}

/** The ALB handler's function (the stack also has the retry queue's consumer). */
export function handlerFunction(template: Template): Json {
  const handlers = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) =>
    id.startsWith('Handler'),
  );
  if (handlers.length !== 1)
    throw new Error(`expected one Handler function, found ${handlers.length}`);
  return handlers[0]?.[1];
}
