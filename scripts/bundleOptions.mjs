// The esbuild options of the Lambda bundle, shared by `npm run build` and `npm run bench` so the
// benchmark measures the artifact the stack deploys: keep in step with PROXY_BUNDLING in
// infra/HipChatProxyStack.ts (what NodejsFunction passes to esbuild for those settings).
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
  // lambda-api imports its optional S3 helpers lazily; the proxy never serves files.
  external: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
  logLevel: 'warning',
};
