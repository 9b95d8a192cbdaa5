import { parseArgs } from 'node:util';
import { runBadInputSuite } from './runBadInputSuite.js';

/**
 * `npm run test:bad-input [-- --cases 10000 --seed 1]`: the bad-input suite over the local
 * server; prints the report as JSON and exits 1 on any server error, misshapen answer, crash, or a request granted with a token whose
 * whitelist entry the proxy skips (a misspelt key, a duplicate digest or label).
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: npm run test:bad-input -- [--cases 10000] [--seed 1]\n');
  process.exit(0);
}
const report = await runBadInputSuite({ cases: Number(values.cases), seed: Number(values.seed) });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(
  report.serverErrors + report.misshapen + report.crashes + report.grantedSkipped === 0 ? 0 : 1,
);
