import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions, loadedAtImport } from '../../infra/bundleOptions.mjs';

/** What only `npm start` needs: its host, its store, its embedded queue, dry run and development token. */
const LOCAL_ONLY = [
  'src/local/',
  'src/store/',
  'src/queue/createMemoryRetryQueue.ts',
  'src/queue/createSqliteRetryQueueStore.ts',
  'src/queue/createLocalDeadLetterStore.ts',
  'src/queue/readLegacyJournal.ts',
  'src/slack/createDryRunDelivery.ts',
  'src/slack/blockKitBuilderUrl.ts',
  'src/app/developmentToken.ts',
];

async function bundle(entry: string, name: string) {
  const outdir = `dist/test-graph-${name}`;
  const result = await build({ ...lambdaBuildOptions(entry, outdir), write: false });
  const { files } = loadedAtImport(result.metafile, `${outdir}/index.mjs`);
  return {
    all: Object.keys(result.metafile.inputs),
    atImport: files.flatMap((file) => Object.keys(result.metafile.outputs[file]?.inputs ?? {})),
    sqlite: Object.values(result.metafile.outputs).some((output) =>
      output.imports.some((imported) => imported.path.includes('sqlite')),
    ),
  };
}

describe("the Lambdas' wiring stands apart from npm start's", () => {
  it('the ALB function holds nothing only npm start needs, at import or later; nor the retry consumer', async () => {
    const alb = await bundle('src/handlers/alb.ts', 'alb');
    expect(alb.atImport).toContain('src/app/createDependencies.ts');
    for (const local of [...LOCAL_ONLY, 'src/queue/createRetryConsumer.ts']) {
      expect(alb.all.filter((input) => input.includes(local))).toEqual([]);
    }
    expect(alb.sqlite).toBe(false);
  });

  it('the retry consumer function holds its consumer, and none of the local host', async () => {
    const retry = await bundle('src/handlers/retry.ts', 'retry');
    expect(retry.atImport).toContain('src/queue/createRetryConsumer.ts');
    for (const local of LOCAL_ONLY) {
      expect(retry.all.filter((input) => input.includes(local))).toEqual([]);
    }
    expect(retry.sqlite).toBe(false);
  });
});
