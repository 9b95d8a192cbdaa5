import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LAMBDA_ALIASES } from '../scripts/bundleOptions.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where both functions are built from: esbuild runs in the repository root, which is what the
 * alias paths below are relative to, wherever `cdk` was started.
 *
 * @example
 * new NodejsFunction(this, 'Handler', { ...LAMBDA_PROJECT, entry, bundling: LAMBDA_BUNDLING });
 */
export const LAMBDA_PROJECT = {
  projectRoot: REPO_ROOT,
  depsLockFilePath: `${REPO_ROOT}package-lock.json`,
};

/**
 * How both Lambda functions are bundled; scripts/bundleOptions.mjs passes esbuild the same
 * settings so `npm run build` and `npm run bench` produce the very artifact deployed (a test
 * holds the two in step).
 *
 * - ESM, minified, tree-shaken; a source map as a separate file (no `sourcesContent`), but no
 *   `NODE_OPTIONS=--enable-source-maps`: Node would read and parse the map on every cold start
 *   (+15–20 % import time, measured) for stack traces our logs rarely print: errors are logged
 *   as name and message, and only an unexpected failure adds its stack, which the `.map` from
 *   `npm run build` maps offline. To map a crash at init, set the flag on the function a while.
 * - The AWS SDK is bundled (`bundleAwsSDK`): one pre-linked file loads faster at cold start than
 *   resolving the runtime's CommonJS SDK file by file, and what runs is the version the lock
 *   file pinned and the tests ran against, not whatever the runtime ships that week.
 * - The SDK's default credential chain is aliased to its environment link: in Lambda the
 *   role's credentials are always there, and the rest of the chain was 130 KB that never ran
 *   (src/config/lambdaCredentialProvider.ts).
 * - `require` shim banner: CommonJS dependencies bundled into ESM call `require()` for Node
 *   built-ins, which ESM lacks.
 * - lambda-api lazily imports the S3 SDK for features we don't use: left external so esbuild
 *   does not fail resolving an optional peer dependency.
 *
 * @example
 * new NodejsFunction(this, 'Handler', { entry, projectRoot, bundling: LAMBDA_BUNDLING });
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  bundleAwsSDK: true,
  externalModules: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
  // The same aliases as `npm run build` and the bench; esbuild resolves their paths from its
  // working directory, LAMBDA_PROJECT's root.
  esbuildArgs: {
    '--alias': Object.entries(LAMBDA_ALIASES).map(([from, to]) => `${from}=${to}`),
  },
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} satisfies BundlingOptions;
