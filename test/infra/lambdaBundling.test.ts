import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions, loadedAtImport } from '../../infra/bundleOptions.mjs';

describe('the Lambda bundle (infra/bundleOptions.mjs)', () => {
  it('leaves the SDK credential chain links Lambda never uses out of the bundle', async () => {
    const result = await build({
      ...lambdaBuildOptions('src/handlers/alb.ts', 'dist/test-credential-alias'),
      write: false,
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

  it('keeps the AWS SDK out of what the ALB handler loads before its first answer', async () => {
    const result = await build({
      ...lambdaBuildOptions('src/handlers/alb.ts', 'dist/test-split'),
      write: false,
    });
    const { files } = loadedAtImport(result.metafile, 'dist/test-split/index.mjs');
    const loadedInputs = files.flatMap((file) =>
      Object.keys(result.metafile.outputs[file]?.inputs ?? {}),
    );
    expect(loadedInputs.some((input) => input.includes('src/handlers/alb.ts'))).toBe(true);
    // The design card's packages serve the first answer: lambda-api routes it, zod validates it,
    // the WebClient posts it.
    for (const cardPackage of ['lambda-api/', '@slack/web-api/', 'zod/']) {
      expect(loadedInputs.some((input) => input.includes(`node_modules/${cardPackage}`))).toBe(
        true,
      );
    }
    for (const lazy of [
      '@aws-sdk/',
      '@smithy/',
      'src/queue/createSqsRetryQueue.ts',
      // HTML and cards: loaded by the first message that needs them.
      'htmlparser2/',
      'src/translate/cardToBlocks.ts',
      // Routes other than the health checks and room notifications: on their first request.
      'src/routes/v1/',
      'src/routes/v2/shareRoomFile.ts',
      'src/hipchat/readMultipartParts.ts',
      'src/hipchat/toXml.ts',
    ]) {
      expect(loadedInputs.filter((input) => input.includes(lazy))).toEqual([]);
    }
    // ...and yet they are in the function: in chunks it imports on first use.
    const allInputs = Object.keys(result.metafile.inputs);
    for (const input of ['@aws-sdk/client-sqs/', 'htmlparser2/', 'src/routes/v1/']) {
      expect(allInputs.some((file) => file.includes(input))).toBe(true);
    }
  });
});
