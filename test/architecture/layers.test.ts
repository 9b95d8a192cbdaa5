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
  ['http'], // the HTTP core (routing, request, response) and its ALB adapter
  ['routes'], // the route table, one file per endpoint, the auth pipeline
  ['delivery'], // posting to Slack, the retry hand-off, the deadline
  ['app'], // the proxy's services as one object, and their wiring
  ['translate', 'queue', 'auth', 'metrics'],
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

describe('scripts stand on their own', () => {
  it('no script imports a test file (tests may use the fakes in scripts/fakes/)', () => {
    const scripts = join(import.meta.dirname, '../../scripts');
    const intoTests = sourceFiles(scripts, /\.(ts|mts|mjs)$/)
      .filter((file) =>
        [
          ...readFileSync(file, 'utf8').matchAll(
            /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g,
          ),
        ].some((match) =>
          relative(scripts, join(dirname(file), match[1] ?? '')).startsWith('../test/'),
        ),
      )
      .map((file) => relative(scripts, file));
    expect(intoTests).toEqual([]);
  });
});

describe('only the adapter knows the runtime', () => {
  const importsAwsLambda = (file: string) =>
    /(?:from\s*|import\s*\(\s*)['"]aws-lambda['"]/.test(readFileSync(file, 'utf8'));

  it('in src/http only createAlbHandler imports aws-lambda: the core takes plain requests', () => {
    const knowing = sourceFiles(join(SRC, 'http'))
      .filter(importsAwsLambda)
      .map((file) => relative(SRC, file));
    expect(knowing).toEqual(['http/createAlbHandler.ts']);
  });

  it('no route imports aws-lambda: routes see ProxyRequest and ProxyResponse', () => {
    const knowing = sourceFiles(join(SRC, 'routes'))
      .filter(importsAwsLambda)
      .map((file) => relative(SRC, file));
    expect(knowing).toEqual([]);
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
