import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { lambdaBuildOptions } from '../scripts/bundleOptions.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The handler name of every function built by `lambdaCode`: `index.mjs`'s `handler`. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * A function's code, bundled at synth time by esbuild with the options `npm run build` and
 * `npm run bench` use (scripts/bundleOptions.mjs): the handler as `index.mjs` and what it loads
 * lazily as `chunks/`. NodejsFunction would bundle into one file (it passes esbuild an
 * `--outfile`, and splitting needs an output folder), so every cold start would parse the AWS
 * SDK clients and rarely used routes before the first answer.
 *
 * esbuild runs here, in the deploying process, from the repository's own dependencies; the
 * Docker image is never pulled (CDK asks for one, and uses it only if local bundling declines).
 * Like NodejsFunction, the asset is hashed by its output, and tests that skip bundling
 * (`aws:cdk:bundling-stacks: []`) never run esbuild.
 *
 * @example
 * new Function(this, 'Handler', { code: lambdaCode('src/handlers/alb.ts'), handler: LAMBDA_HANDLER, ... });
 */
export function lambdaCode(entry: string): Code {
  return Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/lambda/nodejs:24'),
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync({ ...lambdaBuildOptions(entry, outputDir), absWorkingDir: REPO_ROOT });
          return true;
        },
      },
    },
  });
}
