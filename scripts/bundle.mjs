// Bundles the Lambda handler the way the CDK stack does (esbuild, ESM, minified, tree-shaken)
// and reports its size, so "the bundle stays lean" is a number, not a hope.
// Usage: npm run build  →  dist/alb.mjs, dist/retry.mjs (+ .map) and a size line per output.
import { statSync } from 'node:fs';
import { build } from 'esbuild';
import { lambdaBundleOptions } from './bundleOptions.mjs';

const result = await build({
  ...lambdaBundleOptions,
  entryPoints: { alb: 'src/handlers/alb.ts', retry: 'src/handlers/retry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
});

for (const file of Object.keys(result.metafile.outputs)) {
  console.log(`${file}\t${(statSync(file).size / 1024).toFixed(1)} KiB`);
}
