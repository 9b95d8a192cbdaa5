import { parseArgs } from 'node:util';
import { runFaultSuite } from './runFaultSuite.js';

/**
 * `npm run test:faults [-- --messages 1000 --failure-rate 0.3 --outage-ms 60000 …]`:
 * the fault-injection suite at any size; prints the report as JSON and exits 1 when a message
 * answered 204 was lost or more than 0.1 % were duplicated.
 */
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    'failure-rate': { type: 'string', default: '0.3' },
    'outage-ms': { type: 'string', default: '60000' },
    'outage-start-ms': { type: 'string', default: '20000' },
    rate: { type: 'string', default: '10' },
    'slack-deadline-ms': { type: 'string', default: '2000' },
    'retry-min-delay-ms': { type: 'string', default: '100' },
    'retry-max-delay-ms': { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: npm run test:faults -- [--messages N] [--failure-rate 0.3] [--outage-ms 60000]\n' +
      '  [--outage-start-ms 20000] [--rate 10] [--slack-deadline-ms 2000]\n' +
      '  [--retry-min-delay-ms 100] [--retry-max-delay-ms 5000] [--seed 42]\n',
  );
  process.exit(0);
}

const report = await runFaultSuite({
  messages: Number(values.messages),
  failureRate: Number(values['failure-rate']),
  outageMs: Number(values['outage-ms']),
  outageStartMs: Number(values['outage-start-ms']),
  ratePerSecond: Number(values.rate),
  slackDeadlineMs: Number(values['slack-deadline-ms']),
  retryMinDelayMs: Number(values['retry-min-delay-ms']),
  retryMaxDelayMs: Number(values['retry-max-delay-ms']),
  seed: Number(values.seed),
  progress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const duplicateShare = report.duplicated / Math.max(1, report.accepted);
process.exit(report.lost === 0 && duplicateShare <= 0.001 ? 0 : 1);
