// Bundles both Lambda functions the way the CDK stack does (infra/bundleOptions.mjs) and
// reports what each loads at import and in all, so "the bundle stays lean" is a number.
// Usage: npm run build  →  dist/lambda/alb/, dist/lambda/retry/ (index.mjs, chunks/, .map files):
// the files the stack deploys from this commit (infra/lambdaCode.ts builds at the same depth).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { lambdaBuildOptions, loadedAtImport } from '../infra/bundleOptions.mjs';

for (const [name, entry] of [
  ['alb', 'src/handlers/alb.ts'],
  ['retry', 'src/handlers/retry.ts'],
]) {
  const outdir = `dist/lambda/${name}`;
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build(lambdaBuildOptions(entry, outdir));
  const code = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const all = code.reduce((sum, [, output]) => sum + output.bytes, 0);
  const atImport = loadedAtImport(metafile, `${outdir}/index.mjs`);
  console.log(
    `${outdir}: ${(atImport.bytes / 1024).toFixed(1)} KiB loaded at import ` +
      `(${atImport.files.length} files), ${(all / 1024).toFixed(1)} KiB in ${code.length} files`,
  );
}
