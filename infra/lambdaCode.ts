import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type BundlingOptions, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { lambdaBuildOptions } from './bundleOptions.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The handler name of every function built by `lambdaCode`: `index.mjs`'s `handler`. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * A function's code, bundled at synth time by esbuild with the options `npm run build` and
 * `npm run bench` use (infra/bundleOptions.mjs): the handler as `index.mjs` and what it loads
 * lazily as `chunks/`. NodejsFunction would bundle into one file (it passes esbuild an
 * `--outfile`, and splitting needs an output folder), so every cold start would parse the AWS
 * SDK clients and rarely used routes before the first answer.
 *
 * - The entry travels in the bundling options' `environment`: CDK reuses a staged asset whose
 *   properties are equal, and the bundling function itself does not count, so an entry only
 *   the function knew would give every function the first one's code.
 * - esbuild writes into a folder of the repository as deep as `npm run build`'s
 *   (`dist/lambda-<pid>/<handler>/` against `dist/lambda/<handler>/`) and the result is copied
 *   to CDK's staging folder: chunk names (so the asset hash and the deployed code) follow the
 *   source maps' relative paths, and `cdk synth -o elsewhere` must not deploy a new version of
 *   unchanged code; `npm run build` at the deployed commit then gives the very files, whose
 *   `.map`s map a deployed stack trace. The process id keeps parallel synths apart.
 * - esbuild runs here, in the deploying process, from the repository's own dependencies; the
 *   Docker image is never pulled (CDK asks for one, and uses it only if local bundling
 *   declines). Tests that skip bundling (`aws:cdk:bundling-stacks: []`) never run esbuild.
 *
 * - `files` (path in the code → file here) are copied in beside the bundle: the map files of
 *   the deploy config (`maps/rooms.json`). They travel in the bundling options' `environment`
 *   with their content's hash, for the reason above; the asset hash, taken from the output,
 *   changes with them, so a changed map is a new version of the function.
 *
 * @example
 * new Function(this, 'Handler', { code: lambdaCode('src/handlers/alb.ts'), handler: LAMBDA_HANDLER, ... });
 * lambdaCode('src/handlers/alb.ts', { 'maps/rooms.json': '/repo/infra/config/maps/prod.rooms.json' });
 */
export function lambdaCode(entry: string, files: Readonly<Record<string, string>> = {}): Code {
  const extraFiles = Object.entries(files).map(([target, source]) => ({
    target,
    source,
    sha256: createHash('sha256').update(readFileSync(source)).digest('hex'),
  }));
  return Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/lambda/nodejs:24'),
      environment: {
        LAMBDA_ENTRY: relative(REPO_ROOT, resolve(REPO_ROOT, entry)),
        ...(extraFiles.length > 0 ? { LAMBDA_FILES: JSON.stringify(extraFiles) } : {}),
      },
      local: {
        tryBundle(outputDir: string, { environment }: BundlingOptions): boolean {
          const source = environment?.LAMBDA_ENTRY;
          if (source === undefined) throw new Error('lambdaCode: LAMBDA_ENTRY is not set');
          const stage = join(REPO_ROOT, 'dist', `lambda-${process.pid}`);
          const built = join(stage, basename(source, '.ts'));
          try {
            buildSync({ ...lambdaBuildOptions(source, built), absWorkingDir: REPO_ROOT });
            cpSync(built, outputDir, { recursive: true });
          } finally {
            rmSync(stage, { recursive: true, force: true });
          }
          const copies = JSON.parse(environment?.LAMBDA_FILES ?? '[]') as typeof extraFiles;
          for (const file of copies) {
            const target = join(outputDir, file.target);
            mkdirSync(dirname(target), { recursive: true });
            cpSync(file.source, target);
          }
          return true;
        },
      },
    },
  });
}
