import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING } from '../../infra/lambdaBundling.js';
import { LAMBDA_ALIASES, lambdaBundleOptions } from '../../scripts/bundleOptions.mjs';

describe('LAMBDA_BUNDLING and scripts/bundleOptions.mjs', () => {
  it('give esbuild the same settings, so the bench measures what the stack deploys', () => {
    expect(lambdaBundleOptions).toMatchObject({
      format: LAMBDA_BUNDLING.format,
      target: LAMBDA_BUNDLING.target,
      mainFields: LAMBDA_BUNDLING.mainFields,
      minify: LAMBDA_BUNDLING.minify,
      sourcemap: LAMBDA_BUNDLING.sourceMap,
      sourcesContent: LAMBDA_BUNDLING.sourcesContent,
      external: LAMBDA_BUNDLING.externalModules,
      banner: { js: LAMBDA_BUNDLING.banner },
    });
    expect(Object.entries(LAMBDA_ALIASES).map(([from, to]) => `${from}=${to}`)).toEqual(
      LAMBDA_BUNDLING.esbuildArgs['--alias'],
    );
  });
});

describe('the credential alias', () => {
  it('leaves the SDK credential chain links Lambda never uses out of the bundle', async () => {
    const result = await build({
      ...lambdaBundleOptions,
      entryPoints: ['src/handlers/alb.ts'],
      write: false,
      outdir: 'dist/test-credential-alias',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/config/lambdaCredentialProvider.ts');
    expect(inputs.some((file) => file.includes('@aws-sdk/credential-provider-env/'))).toBe(true);
    for (const unused of [
      'credential-provider-node/',
      'credential-provider-sso/',
      'nested-clients/',
    ]) {
      expect(inputs.filter((file) => file.includes(unused))).toEqual([]);
    }
  });
});
