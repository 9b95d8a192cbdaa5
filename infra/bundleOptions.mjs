// The esbuild options of the Lambda bundles, in one place: the CDK stack builds each function
// with them (infra/lambdaCode.ts), and `npm run build` and `npm run bench` do too, so the
// benchmark measures the very artifact the stack deploys. They live in infra/ because the stack
// needs them and infra never imports scripts/ (scripts/ is the top: it imports infra and src).
/** Packages the Lambda bundle replaces with a module of ours. */
export const LAMBDA_ALIASES = {
  '@aws-sdk/credential-provider-node': './src/config/lambdaCredentialProvider.ts',
};

/**
 * - ESM, minified, tree-shaken, for Lambda's Node 24.
 * - Split (`splitting`): the handler is `index.mjs`, and what it imports dynamically (the AWS
 *   SDK clients, rarely used routes) lands in `chunks/`, loaded on first use — so a cold start
 *   parses only what its first answer needs. NodejsFunction cannot split (it passes esbuild an
 *   `--outfile`), hence infra/lambdaCode.ts.
 * - A source map per file, without `sourcesContent`, and no `--enable-source-maps` at run
 *   time: Node would read and parse the maps on every cold start (+15–20 % import time,
 *   measured) for stack traces our logs rarely print; the `.map` files map a trace offline.
 * - The AWS SDK is bundled: one pre-linked graph loads faster than the runtime's CommonJS SDK
 *   file by file, and what runs is the version the lock file pinned and the tests ran against.
 * - The SDK's default credential chain is aliased to its environment link: in Lambda the
 *   role's credentials are always there (src/config/lambdaCredentialProvider.ts).
 * - `require` shim banner: CommonJS dependencies bundled into ESM call `require()` for Node
 *   built-ins, which ESM lacks.
 * - lambda-api imports the S3 SDK on first use of its S3 helpers, which the proxy never calls:
 *   left external so esbuild does not fail resolving an optional peer dependency.
 */
export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  // A package's ESM build first, which tree-shakes.
  mainFields: ['module', 'main'],
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  treeShaking: true,
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  metafile: true,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  alias: LAMBDA_ALIASES,
  external: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'],
  logLevel: 'warning',
};

/**
 * The esbuild options that build one function from its handler into `outdir`
 * (`outdir/index.mjs` and `outdir/chunks/`).
 *
 * @example
 * await build(lambdaBuildOptions('src/handlers/alb.ts', 'dist/alb'));
 */
export function lambdaBuildOptions(entry, outdir) {
  return { ...lambdaBundleOptions, entryPoints: [entry], outdir };
}

/**
 * What Node must load before the handler's first line runs: the entry file and every chunk it
 * imports statically, transitively (dynamic imports load later, on first use). Sizes in bytes.
 *
 * @example
 * const { bytes, files } = loadedAtImport(result.metafile, 'dist/alb/index.mjs');
 */
export function loadedAtImport(metafile, entryFile) {
  const files = new Set();
  const pending = [entryFile];
  while (pending.length > 0) {
    const file = pending.pop();
    if (files.has(file)) continue;
    files.add(file);
    for (const { path, kind, external } of metafile.outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && !external) pending.push(path);
    }
  }
  let bytes = 0;
  for (const file of files) bytes += metafile.outputs[file]?.bytes ?? 0;
  return { bytes, files: [...files] };
}
