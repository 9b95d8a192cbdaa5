// The esbuild options of the Lambda bundle, shared by `npm run build` and `npm run bench` so the
// benchmark measures the artifact the stack deploys: keep in step with LAMBDA_BUNDLING in
// infra/lambdaBundling.ts (what NodejsFunction passes to esbuild for those settings).
/** Packages the Lambda bundle replaces with a module of ours; the stack passes the same. */
export const LAMBDA_ALIASES = {
  '@aws-sdk/credential-provider-node': './src/config/lambdaCredentialProvider.ts',
};

export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  // NodejsFunction's mainFields: a package's ESM build first, which tree-shakes.
  mainFields: ['module', 'main'],
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  treeShaking: true,
  metafile: true,
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // In Lambda the credentials are in the environment: the SDK's default chain is aliased to
  // the environment link alone (src/config/lambdaCredentialProvider.ts says why).
  alias: LAMBDA_ALIASES,
  // lambda-api imports its optional S3 helpers lazily; the proxy never serves files.
  external: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
  logLevel: 'warning',
};
