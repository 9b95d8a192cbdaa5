/**
 * What a big room map and user map cost the ALB function's cold start (issue 24): a 2,000-room
 * and a 10,000-user map (4,000 + 20,000 keys, as `maps import` writes them) read and parsed by
 * the proxy's own parsers, bundled by esbuild and run in fresh Node processes started as
 * Lambda's runtime starts one at the function's memory size. It measures and prints; nothing is
 * asserted (docs/deploy.md, "Room and user maps", quotes a run).
 *
 * @example
 * npx tsx scripts/bench/mapParseCost.ts          # 15 fresh processes
 * MAP_RUNS=40 npx tsx scripts/bench/mapParseCost.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { generatedMaps } from '../support/generatedMaps.js';

const RUNS = Number(process.env.MAP_RUNS ?? 15);
/** The stack's default `lambda.memoryMb`, and the heap flags Lambda's Node bootstrap derives from it. */
const MEMORY_MB = 512;
const NODE_FLAGS = [
  `--max-semi-space-size=${Math.floor(MEMORY_MB / 10 / 2)}`,
  `--max-old-space-size=${MEMORY_MB - Math.floor(MEMORY_MB / 10)}`,
];

/** Runs in each fresh process: what createDependencies does with ROOM_MAP_FILE / USER_MAP_FILE. */
const PROBE = `
import { readFileSync } from 'node:fs';
import { parseRoomMap } from './src/rooms/roomMap.ts';
import { parseUserMap } from './src/rooms/userMap.ts';
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const roomsText = readFileSync(process.argv[2], 'utf8');
const usersText = readFileSync(process.argv[3], 'utf8');
const t1 = performance.now();
const rooms = parseRoomMap(roomsText);
const t2 = performance.now();
const users = parseUserMap(usersText);
const t3 = performance.now();
globalThis.gc?.();
process.stdout.write(JSON.stringify({
  readMs: t1 - t0, roomsMs: t2 - t1, usersMs: t3 - t2, totalMs: t3 - t0,
  keys: rooms.entries.size + users.entries.size,
  heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
}));
`;

interface Run {
  readMs: number;
  roomsMs: number;
  usersMs: number;
  totalMs: number;
  keys: number;
  heapMb: number;
}

const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-map-cost-'));
try {
  const maps = generatedMaps({ rooms: 2_000, users: 10_000 });
  const roomsFile = join(dir, 'rooms.json');
  const usersFile = join(dir, 'users.json');
  writeFileSync(roomsFile, maps.rooms);
  writeFileSync(usersFile, maps.users);
  const probe = join(dir, 'probe.mjs');
  await build({
    stdin: { contents: PROBE, resolveDir: resolve('.'), sourcefile: 'probe.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: probe,
  });
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const output = execFileSync(
      process.execPath,
      [...NODE_FLAGS, '--expose-gc', probe, roomsFile, usersFile],
      {
        encoding: 'utf8',
      },
    );
    runs.push(JSON.parse(output) as Run);
  }
  const median = (pick: (run: Run) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const range = (pick: (run: Run) => number) =>
    `${median(pick).toFixed(1)} (${Math.min(...runs.map(pick)).toFixed(1)}–${Math.max(...runs.map(pick)).toFixed(1)})`;
  const kb = (text: string) => Math.round(Buffer.byteLength(text) / 1024);
  console.log(
    [
      `maps: rooms ${kb(maps.rooms)} KB, users ${kb(maps.users)} KB, ${runs[0]?.keys} keys; ${RUNS} fresh Node ${process.version} processes (${MEMORY_MB} MB heap flags)`,
      `median (min–max) ms: read ${range((r) => r.readMs)}, room map ${range((r) => r.roomsMs)}, user map ${range((r) => r.usersMs)}, total ${range((r) => r.totalMs)}`,
      `heap held by both maps: ${median((r) => r.heapMb).toFixed(1)} MB`,
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
