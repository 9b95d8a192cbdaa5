import { parseArgs } from 'node:util';
import type { DeadLetterStore } from '../queue/DeadLetterStore.js';
import { listDeadLetters } from '../queue/listDeadLetters.js';
import { redriveDeadLetters } from '../queue/redriveDeadLetters.js';
import { showDeadLetter } from '../queue/showDeadLetter.js';
import type { CliCommand } from './CliCommand.js';
import type { CliContext } from './CliContext.js';
import { EXIT_CODES } from './EXIT_CODES.js';

const USAGE = `Usage: hipchat-proxy dead-letters <command> [options]   (or: npm run dead-letters -- <command>)

Messages the proxy answered 204 for but could not deliver to Slack (see docs/operations.md, "Dead letters").

Commands:
  list                 list dead letters: id, room, channel, reason, when
  show <id>            print one dead letter whole (the Slack message as it would be posted)
  redrive <id>...      send the named dead letters back to the retry queue
  redrive --all        send all (up to --limit) back to the retry queue

Options:
  --limit <n>          most dead letters to list or redrive (default 100)
  --data-dir <dir>     npm start's DATA_DIR to read (default $DATA_DIR, else .hipchat-proxy)
  --json               machine-readable output
  -h, --help           this text

Environment: RETRY_QUEUE_URL, DEAD_LETTER_QUEUE_URL (the stack's outputs), AWS credentials;
  neither set: npm start's dead letters in --data-dir or DATA_DIR (default .hipchat-proxy;
  list and show also while it runs, redrive while it is stopped).
Exit codes: 0 done, 1 AWS or configuration error, 2 usage error, 3 not found / nothing redriven.
`;

/**
 * The `dead-letters` command of `hipchat-proxy`: list, show and redrive dead letters over the
 * store `openStore` gives for the environment (SQS in deploys; a memory queue in tests), which
 * tells `notice` of what it skips (unreadable rows of npm start's store).
 * Returns the exit code, never exits.
 *
 * @example
 * const command = createDeadLettersCommand((env) => createSqsRetryQueue({ client, queueUrl: env.RETRY_QUEUE_URL!, deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL! }));
 * process.exitCode = await command.run(['redrive', '6f1c…'], context);
 */
export function createDeadLettersCommand(
  openStore: (env: CliContext['env'], notice: (line: string) => void) => DeadLetterStore,
): CliCommand {
  return {
    name: 'dead-letters',
    summary: 'list, show and redrive messages the retry queue gave up on',
    async run(args: string[], io: CliContext): Promise<number> {
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(args);
      } catch (error) {
        io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
        return EXIT_CODES.usage;
      }
      const { values, positionals } = parsed;
      const [command, ...rest] = positionals;
      if (values.help || command === undefined || command === 'help') {
        (values.help || command === 'help' ? io.stdout : io.stderr)(USAGE);
        return values.help || command === 'help' ? EXIT_CODES.ok : EXIT_CODES.usage;
      }
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        io.stderr('--limit must be a positive whole number\n');
        return EXIT_CODES.usage;
      }
      if (!['list', 'show', 'redrive'].includes(command)) {
        io.stderr(`unknown command: ${command}\n\n${USAGE}`);
        return EXIT_CODES.usage;
      }
      if (command === 'show' && rest.length !== 1) {
        io.stderr('show takes exactly one id\n');
        return EXIT_CODES.usage;
      }
      if (command === 'redrive' && (rest.length === 0) === !values.all) {
        io.stderr('redrive takes ids, or --all (not both)\n');
        return EXIT_CODES.usage;
      }

      let store: DeadLetterStore;
      try {
        const env =
          values['data-dir'] === undefined ? io.env : { ...io.env, DATA_DIR: values['data-dir'] };
        store = openStore(env, (line) => io.stderr(`${line}\n`));
      } catch (error) {
        io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_CODES.failure;
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
            return EXIT_CODES.ok;
          }
          case 'show': {
            const letter = await showDeadLetter(store, rest[0] ?? '');
            if (letter === undefined) {
              io.stderr(`no dead letter ${rest[0]}\n`);
              return EXIT_CODES.notFound;
            }
            print(letter, `${JSON.stringify(letter, null, 2)}\n`);
            return EXIT_CODES.ok;
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
            return redriven.length === 0 ? EXIT_CODES.notFound : EXIT_CODES.ok;
          }
        }
      } catch (error) {
        io.stderr(
          `dead-letters ${command} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
        );
        return EXIT_CODES.failure;
      }
    },
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      limit: { type: 'string', default: '100' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
