import { parseArgs } from 'node:util';
import { settingDefault } from '../../src/config/SETTINGS.js';
import { runFaultSuite } from './runFaultSuite.js';
import { runRestartScenario } from './runRestartScenario.js';

/**
 * `npm run test:faults [-- --messages 1000 --failure-rate 0.3 --outage-ms 60000 …]`:
 * the fault-injection suite at any size; prints the report as JSON and exits 1 when a message
 * answered 204 was lost or more than 0.1 % were duplicated.
 *
 * `--scenario` picks the long-outage and restart scenarios of the delivery promise
 * (docs/delivery.md): `outage-6h`, `storm-429`, `sigkill`, `sigterm`, or `all` of them
 * with the mixed-fault run; those also fail on any dead letter.
 */
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'mixed' },
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
    'Usage: npm run test:faults -- [--scenario mixed|outage-6h|storm-429|sigkill|sigterm|all]\n' +
      '  [--messages N] [--failure-rate 0.3] [--outage-ms 60000]\n' +
      '  [--outage-start-ms 20000] [--rate 10] [--slack-deadline-ms 2000]\n' +
      '  [--retry-min-delay-ms 100] [--retry-max-delay-ms 5000] [--seed 42]\n',
  );
  process.exit(0);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
/** The retry policy as deployed: the long scenarios compress the clock, never the policy. */
const deployedPolicy = {
  retryMinDelayMs: settingDefault('RETRY_MIN_DELAY_MS'),
  retryMaxDelayMs: settingDefault('RETRY_MAX_DELAY_MS'),
  retryMaxAgeSeconds: settingDefault('RETRY_MAX_AGE_SECONDS'),
};
const HOUR = 3_600_000;

/** 1,000 messages at 100/s into an outage from the start, on the deployed retry policy. */
async function longOutage(
  scenario: string,
  outage: { outageMs: number; clockRate: number; outageKind?: 'down' | 'ratelimited' },
) {
  return {
    scenario,
    ...(await runFaultSuite({
      messages: 1_000,
      failureRate: 0,
      outageStartMs: 0,
      ratePerSecond: 100,
      ...outage,
      ...deployedPolicy,
      progress,
    })),
  };
}

const SCENARIOS: Record<string, () => Promise<Record<string, unknown>>> = {
  mixed: async () => ({
    scenario: 'mixed faults',
    ...(await runFaultSuite({
      messages: Number(values.messages),
      failureRate: Number(values['failure-rate']),
      outageMs: Number(values['outage-ms']),
      outageStartMs: Number(values['outage-start-ms']),
      ratePerSecond: Number(values.rate),
      slackDeadlineMs: Number(values['slack-deadline-ms']),
      retryMinDelayMs: Number(values['retry-min-delay-ms']),
      retryMaxDelayMs: Number(values['retry-max-delay-ms']),
      seed: Number(values.seed),
      progress,
    })),
  }),
  // 1,000 messages into a six-hour total outage, played 600× fast.
  'outage-6h': () =>
    longOutage('6-hour outage (clock 600x)', { outageMs: 6 * HOUR, clockRate: 600 }),
  // 1,000 messages into 30 minutes of 429s (Retry-After 1–30 s), played 100× fast.
  'storm-429': () =>
    longOutage('30-minute 429 storm (clock 100x)', {
      outageMs: 0.5 * HOUR,
      outageKind: 'ratelimited',
      clockRate: 100,
    }),
  sigkill: async () => ({
    ...(await runRestartScenario({ signal: 'SIGKILL', messages: 200, progress })),
  }),
  sigterm: async () => ({
    ...(await runRestartScenario({ signal: 'SIGTERM', messages: 200, progress })),
  }),
};

const chosen = values.scenario === 'all' ? Object.keys(SCENARIOS) : [values.scenario ?? 'mixed'];
const reports: Record<string, unknown>[] = [];
for (const name of chosen) {
  const run = SCENARIOS[name];
  if (run === undefined) {
    process.stderr.write(`unknown scenario ${name}\n`);
    process.exit(2);
  }
  progress(`== ${name}`);
  reports.push(await run());
}
process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
const failed = reports.some((report) => {
  const { lost, duplicated, accepted, deadLettered, scenario } = report as {
    lost: number;
    duplicated: number;
    accepted: number;
    deadLettered: number;
    scenario: string;
  };
  const tooManyCopies = duplicated / Math.max(1, accepted) > 0.001;
  // Only the mixed run may dead-letter (its Slack refuses some messages for good).
  return lost > 0 || tooManyCopies || (scenario !== 'mixed faults' && deadLettered > 0);
});
process.exit(failed ? 1 : 0);
