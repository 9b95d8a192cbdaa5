// Bundles the Lambda handler the way the CDK stack does (esbuild, ESM, minified, tree-shaken)
// and reports its size, so "the bundle stays lean" is a number, not a hope.
// Usage: npm run build  →  dist/alb.mjs, dist/retry.mjs (+ .map) and a size line per output.

import { statSync } from 'node:fs';
import { build } from 'esbuild';

const result = await build({
  entryPoints: { alb: 'src/handlers/alb.ts', retry: 'src/handlers/retry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
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
});

for (const file of Object.keys(result.metafile.outputs)) {
  console.log(`${file}\t${(statSync(file).size / 1024).toFixed(1)} KiB`);
}
