import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/**
 * The layers of `src/`, top first. A module may import its own folder and any folder of a lower
 * layer, never one of its own layer or above: dependencies point down (docs/architecture.md).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['handlers', 'local', 'cli'], // the hosts: Lambda entry points, `npm start`, the ops CLI
  ['http'], // the proxy's lambda-api app and its ALB adapter
  ['routes'], // the route table, one file per endpoint, the auth pipeline
  ['delivery'], // posting to Slack, the retry hand-off, the deadline
  ['app'], // the proxy's services as one object, and their wiring
  ['lifecycles'], // alert lifecycles: recognizers, keys, a root's status (pure; reads translate's HTML-to-text)
  ['translate', 'queue', 'auth', 'metrics', 'maps', 'threads'],
  ['slack', 'rooms', 'ratelimit'],
  ['hipchat'],
  ['store'], // npm start's SQLite database: its file, lock and schema
  ['config'],
];

function rankOf(folder: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(folder));
  if (rank === -1) throw new Error(`src/${folder}/ is in no layer: add it to LAYERS`);
  return rank;
}

function sourceFiles(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name), pattern)
      : pattern.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every import of another `src/` folder: `from`, dynamic `import()`, `import type` alike. */
function crossFolderImports(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split('/')[0] ?? '';
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(SRC, join(dirname(file), match[1] ?? ''));
      const to = target.split('/')[0] ?? '';
      if (to !== from && !target.startsWith('..'))
        found.push({ from, to, file: relative(SRC, file) });
    }
  }
  return found;
}

describe('route versions stand side by side', () => {
  it('no v1 route imports a v2 route or the reverse: what both need lives in src/routes/', () => {
    const crossing = sourceFiles(join(SRC, 'routes'))
      .map((file) => relative(SRC, file))
      .filter((file) => /^routes\/v[12]\//.test(file))
      .filter((file) => {
        const other = file.startsWith('routes/v1/') ? 'v2' : 'v1';
        return new RegExp(`['"]\\.\\./${other}/`).test(readFileSync(join(SRC, file), 'utf8'));
      });
    expect(crossing).toEqual([]);
  });
});

/**
 * Above `src/`, the repository's folders look down too: `scripts/` (build, bench, suites) may
 * import `infra/` and `src/`, `infra/` (the CDK app) only `src/`, and none of them `test/`
 * (tests may use the fakes in scripts/fakes/, not the other way round).
 */
describe('the top folders only look down: scripts/ → infra/ → src/', () => {
  const ROOT = join(import.meta.dirname, '../..');
  const CODE = /\.(ts|mts|mjs)$/;

  /** `file imports folder/` for each relative import of a file under `from` that lands in one of `banned`. */
  function importsInto(from: string, banned: readonly string[]): string[] {
    return sourceFiles(join(ROOT, from), CODE).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)]
        .map((match) => relative(ROOT, join(dirname(file), match[1] ?? '')).split('/')[0] ?? '')
        .filter((folder) => banned.includes(folder))
        .map((folder) => `${relative(ROOT, file)} imports ${folder}/`),
    );
  }

  it('no script imports a test file', () => {
    expect(importsInto('scripts', ['test'])).toEqual([]);
  });

  it('infra imports neither scripts/ nor test/', () => {
    expect(importsInto('infra', ['scripts', 'test'])).toEqual([]);
  });

  it('src imports none of infra/, scripts/, test/', () => {
    expect(importsInto('src', ['infra', 'scripts', 'test'])).toEqual([]);
  });

  it('the check sees imports: scripts/ does import infra/ and src/', () => {
    const scriptImports = importsInto('scripts', ['infra', 'src']).join('\n');
    expect(scriptImports).toContain('imports infra/');
    expect(scriptImports).toContain('imports src/');
  });
});

describe('only the adapter knows the runtime, only src/http the framework', () => {
  const importer = (pkg: string) => (file: string) =>
    new RegExp(`(?:from\\s*|import\\s*\\(\\s*)['"]${pkg}['"]`).test(readFileSync(file, 'utf8'));
  const importsAwsLambda = importer('aws-lambda');

  it('in src/http only createAlbHandler imports aws-lambda: the app takes any event lambda-api reads', () => {
    const knowing = sourceFiles(join(SRC, 'http'))
      .filter(importsAwsLambda)
      .map((file) => relative(SRC, file));
    expect(knowing).toEqual(['http/createAlbHandler.ts']);
  });

  it('no route imports aws-lambda or lambda-api: routes see ProxyRequest and ProxyResponse', () => {
    const knowing = sourceFiles(join(SRC, 'routes'))
      .filter((file) => importsAwsLambda(file) || importer('lambda-api')(file))
      .map((file) => relative(SRC, file));
    expect(knowing).toEqual([]);
  });

  it('lambda-api is imported in src/http alone', () => {
    const knowing = sourceFiles(SRC)
      .filter(importer('lambda-api'))
      .map((file) => relative(SRC, file));
    expect(knowing).toEqual(['http/createProxyApi.ts']);
  });
});

describe('the layers of src/ only look down', () => {
  it('every folder of src/ is in a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const folder of folders) expect(() => rankOf(folder)).not.toThrow();
  });

  it('no import points up a layer or across one', () => {
    const imports = crossFolderImports();
    expect(imports.length).toBeGreaterThan(50);
    const upward = imports
      .filter(({ from, to }) => rankOf(to) <= rankOf(from))
      .map(({ file, to }) => `${file} imports src/${to}/`);
    expect(upward).toEqual([]);
  });
});

describe('one reader of the environment', () => {
  it('outside the hosts, no code of src/ reads process.env: settings reach it through readConfig', () => {
    // The hosts hand process.env to readConfig (and the CLI to its commands, which read it with readConfig).
    const hosts = ['handlers/alb.ts', 'handlers/retry.ts', 'local/main.ts', 'cli/main.ts'];
    const readers = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !hosts.includes(file))
      .filter((file) =>
        readFileSync(join(SRC, file), 'utf8')
          .split('\n')
          // Doc comments may show how a host calls in.
          .some((line) => !/^\s*(\*|\/\/)/.test(line) && line.includes('process.env')),
      );
    expect(readers).toEqual([]);
  });
});
