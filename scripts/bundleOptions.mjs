// The esbuild options of the Lambda bundle, shared by `npm run build` and `npm run bench` so the
// benchmark measures the artifact the stack deploys (infra bundles with the same choices).
export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: true,
  treeShaking: true,
  metafile: true,
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  // lambda-api imports its optional S3 helpers lazily; the proxy never serves files.
  external: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
  logLevel: 'warning',
};
