// One measurement in a fresh Node process (so heaps and caches never leak between figures).
// Usage: node measure.mjs <bundle.mjs> <cold|warm> <messages> <result.json>
// Writes to <result.json>: { importMs, firstMs, sinceProcessStartMs, loadedFiles, latenciesMs?,
// peakRssMb? }
// (stdout is the handler's, for its logs).
import { on } from 'node:events';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [bundle, mode, count, resultFile] = process.argv.slice(2);
const event = JSON.parse(process.env.BENCH_EVENT);
// BENCH_EVENTS (a JSON array): the warm messages cycle through these instead (an alert's
// problem and recovery, to measure threads); the first answer is still BENCH_EVENT's.
const events = process.env.BENCH_EVENTS ? JSON.parse(process.env.BENCH_EVENTS) : [event];
const context = {
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  functionName: 'bench',
};

// BENCH_RECORD_LOADED=1 (a census run, not timed): which files the import and the first answer
// loaded, so the bench adds up the code a cold start really parses, chunks loaded lazily included.
const loadedFiles = [];
if (process.env.BENCH_RECORD_LOADED) {
  const { registerHooks } = await import('node:module');
  // Node ≥ 22.15; `npm run bench` runs on node_modules' Node 24 (the node@24 dev dependency).
  if (registerHooks === undefined)
    throw new Error(`the census needs Node ≥ 22.15, not ${process.version}`);
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) loadedFiles.push(fileURLToPath(url));
      return nextLoad(url, context);
    },
  });
}

const importStart = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - importStart;

const firstStart = performance.now();
const first = await handler(event, context);
const firstMs = performance.now() - firstStart;
if (first.statusCode !== 204)
  throw new Error(`first answer was ${first.statusCode}: ${first.body}`);
const result = { importMs, firstMs, sinceProcessStartMs: performance.now(), loadedFiles };

if (mode === 'warm') {
  const n = Number(count);
  const latencies = new Float64Array(n);
  let done = 0;
  let peakRss = process.memoryUsage.rss();
  const run = async (batch) => {
    for (const end = Math.min(n, done + batch); done < end; done++) {
      const start = performance.now();
      const answer = await handler(events[done % events.length], context);
      latencies[done] = performance.now() - start;
      if (answer.statusCode !== 204) throw new Error(`answer ${done} was ${answer.statusCode}`);
      if (done % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  };
  if (process.send) {
    // Taking turns with the other side's process (runBench says when): noise on this shared
    // machine then hits both sides alike instead of whichever happened to run at the time.
    process.send({ ready: true });
    for await (const [message] of on(process, 'message')) {
      if (message.batch === undefined) break;
      await run(message.batch);
      process.send({ done });
    }
  } else {
    await run(n);
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  // What the RSS is made of at the end: V8's heap (reserved and live) and its off-heap buffers.
  const memory = process.memoryUsage();
  result.endMemoryMb = Object.fromEntries(
    Object.entries(memory).map(([k, v]) => [k, Math.round((v / 1024 / 1024) * 10) / 10]),
  );
  result.latenciesMs = Array.from(latencies.subarray(0, done));
  result.peakRssMb = peakRss / 1024 / 1024;
}
writeFileSync(resultFile, JSON.stringify(result));
// The handlers keep sockets alive for the next message; a Lambda would be frozen here.
process.exit(0);
