import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The AWS credential chain inside the Lambda bundle: the function's role credentials, which
 * Lambda always puts in the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`) — the first link of the SDK's default chain, and the one it uses there.
 *
 * Why it exists: the SDK clients import `@aws-sdk/credential-provider-node` statically, so
 * the rest of that chain (SSO, INI profiles, STS web identity, IMDS, container endpoints and
 * their nested clients, ~130 KB minified, measured) would be bundled and parsed on every cold start
 * without ever running. If the function ever runs where the role's credentials come from a
 * container endpoint instead (the ECS-style variables; check before moving it to Lambda Managed
 * Instances), drop the alias: without credentials every secret load fails, logged, and the
 * proxy answers 503. The bundle options alias that package to this module
 * (infra/bundleOptions.mjs, which the stack builds with: infra/lambdaCode.ts). Only the
 * bundle: tests, `npm start` and the ops CLI keep the SDK's full chain.
 *
 * @example
 * // esbuild: alias: { '@aws-sdk/credential-provider-node': './src/config/lambdaCredentialProvider.ts' }
 * const credentials = defaultProvider()(); // what the SDK's runtime config does
 */
export function lambdaCredentialProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}

/** The name the SDK imports from `@aws-sdk/credential-provider-node`. */
export { lambdaCredentialProvider as defaultProvider };
