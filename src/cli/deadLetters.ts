import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsRetryQueue } from '../queue/createSqsRetryQueue.js';
import type { DeadLetterStore } from '../queue/DeadLetterStore.js';
import { listDeadLetters } from '../queue/listDeadLetters.js';
import { redriveDeadLetters } from '../queue/redriveDeadLetters.js';
import { showDeadLetter } from '../queue/showDeadLetter.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The dead letters to work on; default: SQS from RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL. */
  store?: DeadLetterStore;
}

const USAGE = `Usage: dead-letters <command> [options]

Messages the proxy answered 204 for but could not deliver to Slack (see README "Dead letters").

Commands:
  list                 list dead letters: id, room, channel, reason, when
  show <id>            print one dead letter whole (the Slack message as it would be posted)
  redrive <id>...      send the named dead letters back to the retry queue
  redrive --all        send all (up to --limit) back to the retry queue

Options:
  --limit <n>          most dead letters to list or redrive (default 100)
  --json               machine-readable output
  -h, --help           this text

Environment: RETRY_QUEUE_URL, DEAD_LETTER_QUEUE_URL (the stack's outputs), AWS credentials.
Exit codes: 0 done, 1 not found / nothing redriven, 2 usage error, 3 AWS or configuration error.
`;

/**
 * The `dead-letters` command of the ops CLI: list, show and redrive dead letters. Mounted by
 * the ops CLI as `npx hipchat-proxy dead-letters …`, and runnable alone as
 * `npm run dead-letters -- list`. Returns the exit code instead of exiting, so it can be
 * mounted and tested.
 *
 * @example
 * process.exitCode = await deadLettersCommand.run(['redrive', '6f1c…'], { stdout, stderr, env: process.env });
 */
export const deadLettersCommand = {
  name: 'dead-letters',
  summary: 'list, show and redrive messages the retry queue gave up on',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      (values.help || command === 'help' ? io.stdout : io.stderr)(USAGE);
      return values.help || command === 'help' ? 0 : 2;
    }
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      io.stderr('--limit must be a positive whole number\n');
      return 2;
    }
    if (!['list', 'show', 'redrive'].includes(command)) {
      io.stderr(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
    }
    if (command === 'show' && rest.length !== 1) {
      io.stderr('show takes exactly one id\n');
      return 2;
    }
    if (command === 'redrive' && (rest.length === 0) === !values.all) {
      io.stderr('redrive takes ids, or --all (not both)\n');
      return 2;
    }

    let store: DeadLetterStore;
    try {
      store = io.store ?? storeFromEnvironment(io.env);
    } catch (error) {
      io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
      return 3;
    }
    const print = (value: unknown, text: string) =>
      io.stdout(values.json ? `${JSON.stringify(value, null, 2)}\n` : text);

    try {
      switch (command) {
        case 'list': {
          const letters = await listDeadLetters(store, { limit });
          print(
            letters,
            letters.length === 0
              ? 'No dead letters.\n'
              : `${letters
                  .map((d) =>
                    [
                      d.id,
                      d.room,
                      d.channel,
                      d.reason,
                      d.deadLetteredAt,
                      `${d.attempts} attempts`,
                    ].join('\t'),
                  )
                  .join('\n')}\n`,
          );
          return 0;
        }
        case 'show': {
          const letter = await showDeadLetter(store, rest[0] ?? '');
          if (letter === undefined) {
            io.stderr(`no dead letter ${rest[0]}\n`);
            return 1;
          }
          print(letter, `${JSON.stringify(letter, null, 2)}\n`);
          return 0;
        }
        default: {
          const redriven = await redriveDeadLetters(
            store,
            values.all ? { all: true, limit } : { ids: rest },
          );
          print(
            { redriven },
            redriven.length === 0
              ? 'Nothing redriven.\n'
              : `Sent back to the retry queue: ${redriven.join(', ')}\n`,
          );
          return redriven.length === 0 ? 1 : 0;
        }
      }
    } catch (error) {
      io.stderr(
        `dead-letters ${command} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
      );
      return 3;
    }
  },
};

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      limit: { type: 'string', default: '100' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function storeFromEnvironment(env: CliIo['env']): DeadLetterStore {
  const queueUrl = env.RETRY_QUEUE_URL;
  const deadLetterQueueUrl = env.DEAD_LETTER_QUEUE_URL;
  if (!queueUrl || !deadLetterQueueUrl) {
    throw new Error(
      'RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL must be set (the stack outputs them)',
    );
  }
  return createSqsRetryQueue({ client: new SQSClient({}), queueUrl, deadLetterQueueUrl });
}

// Runnable alone: `npm run dead-letters -- list` (the ops CLI imports it instead).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await deadLettersCommand.run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  });
}
