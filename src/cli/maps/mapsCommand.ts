import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSlackTokenSecret } from '../../config/createSecretReader.js';
import {
  buildMaps,
  ExportError,
  type HipChatExport,
  type MapsReport,
  readHipChatExport,
} from '../../maps/index.js';
import {
  readSlackDirectory,
  SlackDirectoryError,
  type SlackDirectoryStats,
} from '../../slack/readSlackDirectory.js';
import { type CliCommand, withSubcommands } from '../CliCommand.js';
import type { CliContext } from '../CliContext.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { formatTable } from '../formatTable.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { resolveStore } from '../store/resolveStore.js';
import {
  changeOf,
  displayPath,
  envTarget,
  type MapChange,
  type MapsTarget,
  mapFileText,
  parseStringMap,
  readMapFile,
  withMapFiles,
  writeAll,
} from './mapTargets.js';

const HELP = `Usage: hipchat-proxy maps import --export PATH [--password-stdin]
                                 (--env NAME | --room-map-file FILE --user-map-file FILE)
                                 [--overrides FILE] [--user-overrides FILE]
                                 [--skip-lookups] [--force] [--dry-run] [--json]

Builds the room map and the user map from HipChat's data export and Slack's directory, so
every HipChat room id and name, user id and @mention name a legacy app sends works:

  rooms   each room's id and name → the Slack channel it became (Slack's importer names it:
          lower case, spaces to hyphens, only a-z 0-9 - _, at most 80), archived rooms too
  users   each user's id and @mention_name → the Slack member with the same e-mail

Slack is read with the bot token (conversations.list, users.list, and users.lookupByEmail for
addresses the list lacks; scopes channels:read, groups:read, users:read, users:read.email).
Unmatched rooms and users are listed with the reason. A re-run writes the same files and says
what changed; nothing is written when anything fails.

  --export PATH        the export: a folder, a .tar.gz, or the encrypted .tar.gz.aes
  --password-stdin     read the export's password from stdin (never give it on the command line)
  --env NAME           write infra/config/maps/NAME.{rooms,users}.json and name them in
                       infra/config/NAME.json (deploy to apply); the Slack token is read from
                       that account's secret (AWS credentials for it needed)
  --room-map-file F    for npm start: the files ROOM_MAP_FILE and USER_MAP_FILE name; the Slack
  --user-map-file G    token is SLACK_BOT_TOKEN
  --region REGION      with --env: the secret's region when not the deploy config's
  --overrides FILE     JSON {"room id or name": "C0123456789" or "#channel"}; wins over matching
  --user-overrides F   JSON {"user id or @mention name": "U0123ABCD"}; wins over matching
  --force              write even when a run would remove over a tenth of a map's keys (a
                       wrong workspace's token, a bot that lost its private channels)
  --skip-lookups       match people by users.list alone: no users.lookupByEmail for the
                       addresses it lacks (Tier 3, about 50 a minute)
  --dry-run            build and report; write nothing
  --json               print the report as JSON

SLACK_API_URL is honoured as the proxy honours it. Exit codes: 0 written (or would be), 1 Slack
or the file system failed, 2 usage, 3 export not found, 5 export or a file invalid.

Examples:
  hipchat-proxy maps import --export hipchat.tar.gz.aes --password-stdin --env prod-eu < pw.txt
  SLACK_BOT_TOKEN=xoxb-… hipchat-proxy maps import --export ./export \\
      --room-map-file rooms.json --user-map-file users.json
`;

/**
 * `hipchat-proxy maps import`: the room and user maps from HipChat's export and Slack's
 * directory, written where the chosen target reads them.
 *
 * @example
 * hipchat-proxy maps import --export hipchat.tar.gz.aes --password-stdin --env prod-eu < password.txt
 */
export const mapsCommand: CliCommand = {
  name: 'maps',
  summary: "build the room and user maps from HipChat's export and Slack's directory",
  run: withSubcommands(HELP, async (subcommand, rest, context) => {
    if (subcommand !== 'import') throw CliError.usage(`unknown command: maps ${subcommand}`);
    const { values, positionals } = parseCommandArgs(
      rest,
      {
        export: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        env: { type: 'string' },
        region: { type: 'string' },
        'room-map-file': { type: 'string' },
        'user-map-file': { type: 'string' },
        overrides: { type: 'string' },
        'user-overrides': { type: 'string' },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'skip-lookups': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (values.help) {
      context.stdout(HELP);
      return EXIT_CODES.ok;
    }
    if (positionals.length > 0) {
      throw CliError.usage(
        'maps import takes no arguments; a password goes on stdin with --password-stdin (never on the command line)',
      );
    }
    if (values.export === undefined) throw CliError.usage('say which export: --export PATH');
    const target = targetOf(values, context);
    const source = resolve(context.cwd, values.export);
    await mustExist(source, values.export);
    // Everything that can be refused at once is checked before Slack is read (minutes, at scale).
    const overrides =
      values.overrides === undefined
        ? {}
        : await readOverrides(
            context,
            values.overrides,
            ROOM_CHANNEL,
            'a Slack channel id (C0123456789) or #name',
          );
    const userOverrides =
      values['user-overrides'] === undefined
        ? {}
        : await readOverrides(
            context,
            values['user-overrides'],
            SLACK_USER,
            'a Slack user id (U0123ABCD)',
          );
    const config = target.kind === 'env' ? await configEdit(target) : undefined;
    const [roomFile, userFile] = await Promise.all([
      readMapFile(target.roomMapPath, context.cwd),
      readMapFile(target.userMapPath, context.cwd),
    ]);
    if (target.kind === 'files') warnAboutInlineMaps(context);
    const password = values['password-stdin'] ? await readPassword(context) : undefined;
    const token = await slackToken(values, context);

    const progress = (line: string) => context.stderr(`${line}\n`);
    progress(`reading the export ${values.export}…`);
    const exported = await readExport(source, password, values['password-stdin'] === true);
    progress(`${count(exported.rooms.length)} rooms, ${count(exported.users.length)} users`);
    const slack = await readSlackDirectory({
      token,
      ...(context.env.SLACK_API_URL ? { slackApiUrl: context.env.SLACK_API_URL } : {}),
      emails: values['skip-lookups']
        ? []
        : exported.users.flatMap((user) =>
            user.email !== null && !user.isDeleted ? [user.email] : [],
          ),
      progress,
    }).catch((error: unknown) => {
      if (error instanceof SlackDirectoryError) {
        throw new CliError(EXIT_CODES.failure, `${error.message}; nothing was written`);
      }
      throw error;
    });
    const { roomMap, userMap, report } = buildOrRefuse(() =>
      buildMaps(exported, slack, overrides, userOverrides),
    );

    const files = [
      { path: target.roomMapPath, text: mapFileText(roomMap), map: roomMap, before: roomFile },
      { path: target.userMapPath, text: mapFileText(userMap), map: userMap, before: userFile },
    ];
    const changes = files.map((file) => changeOf(file.before, file.map));
    if (!values.force) refuseLargeRemovals(changes);
    const dryRun = values['dry-run'] === true;
    if (!dryRun) {
      await writeAll([
        ...files.filter((_, index) => !changes[index]?.unchanged),
        ...(config?.text === undefined ? [] : [{ path: config.path, text: config.text }]),
      ]);
    }

    const summary: ImportSummary = {
      dryRun,
      export: { rooms: exported.rooms.length, users: exported.users.length },
      rooms: report.rooms,
      users: report.users,
      slack: { ...slack.stats, channels: slack.channels.length },
      files: changes,
      ...(config === undefined
        ? {}
        : {
            deployConfig: {
              path: displayPath(config.path, context.cwd),
              changed: config.text !== undefined,
            },
          }),
    };
    context.stdout(values.json ? `${JSON.stringify(summary)}\n` : describe(summary, target));
    return EXIT_CODES.ok;
  }),
};

interface ImportSummary {
  dryRun: boolean;
  export: { rooms: number; users: number };
  rooms: MapsReport['rooms'];
  users: MapsReport['users'];
  slack: SlackDirectoryStats & { channels: number };
  files: MapChange[];
  deployConfig?: { path: string; changed: boolean };
}

function targetOf(
  values: { env?: string; 'room-map-file'?: string; 'user-map-file'?: string },
  context: CliContext,
): MapsTarget {
  const rooms = values['room-map-file'];
  const users = values['user-map-file'];
  if (values.env !== undefined) {
    if (rooms !== undefined || users !== undefined) {
      throw CliError.usage('give --env or --room-map-file/--user-map-file, not both');
    }
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.env)) {
      throw CliError.usage(
        `--env ${values.env}: not an environment name (lower-case letters, digits and -, as infra/config/<name>.json)`,
      );
    }
    return envTarget(context.cwd, values.env);
  }
  if (rooms === undefined || users === undefined) {
    throw CliError.usage(
      'say where the maps go: --env NAME (a deployed account), or --room-map-file FILE and --user-map-file FILE (npm start)',
    );
  }
  return {
    kind: 'files',
    roomMapPath: resolve(context.cwd, rooms),
    userMapPath: resolve(context.cwd, users),
  };
}

async function mustExist(path: string, given: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new CliError(EXIT_CODES.notFound, `no export at ${given}`);
  }
}

/** Room ids and names → Slack channels, as the room map takes them. */
const ROOM_CHANNEL = /^(#[^\s#]{1,80}|[CGD][A-Z0-9]{2,})$/;
/** HipChat user ids and @names → Slack users, as the user map takes them. */
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** An overrides file: a JSON object whose every value `valid` accepts (exit 5 naming it otherwise). */
async function readOverrides(
  context: CliContext,
  file: string,
  valid: RegExp,
  what: string,
): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(resolve(context.cwd, file), 'utf8');
  } catch {
    throw new CliError(EXIT_CODES.notFound, `cannot read the overrides file ${file}`);
  }
  const overrides = parseStringMap(text, {
    notJson: `the overrides file ${file} is not valid JSON`,
    notMap: `the overrides file ${file} must be a JSON object: {"HipChat id or name": ${what}}`,
  });
  for (const [key, value] of Object.entries(overrides)) {
    if (key.trim() === '' || !valid.test(value.trim())) {
      throw new CliError(
        EXIT_CODES.invalid,
        `the overrides file ${file}: "${key}" must name ${what}; nothing was written`,
      );
    }
  }
  return overrides;
}

function buildOrRefuse<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ExportError) {
      throw new CliError(EXIT_CODES.invalid, `${error.message}; nothing was written`);
    }
    throw error;
  }
}

/**
 * A re-run that would drop many keys is more likely a wrong token (another workspace) or a bot
 * that lost its private channels than a smaller company: it is refused unless `--force`.
 */
function refuseLargeRemovals(changes: readonly MapChange[]): void {
  for (const change of changes) {
    if (change.removed > Math.max(10, change.before / 10)) {
      throw new CliError(
        EXIT_CODES.invalid,
        `${change.path}: this run would remove ${count(change.removed)} of its ${count(change.before)} keys — is the Slack token the right workspace's, and does the bot still see the private channels? Nothing was written; --force writes anyway`,
      );
    }
  }
}

/** npm start reads ROOM_MAP_JSON / USER_MAP_JSON before the files: say so when they are set. */
function warnAboutInlineMaps(context: CliContext): void {
  for (const name of ['ROOM_MAP_JSON', 'USER_MAP_JSON']) {
    if (context.env[name]?.trim()) {
      context.stderr(
        `warning: ${name} is set here; npm start reads it instead of the file written now — unset it\n`,
      );
    }
  }
}

/**
 * The export's password from stdin, as typed: only the final line break is dropped (spaces are
 * part of a password). Never from argv.
 */
async function readPassword(context: CliContext): Promise<string> {
  if (context.stdinIsTerminal) {
    context.stderr("Type the export's password, then press Enter and Ctrl-D:\n");
  }
  const password = (await context.readStdin()).replace(/\r?\n$/, '');
  if (password === '')
    throw CliError.usage("standard input is empty: expected the export's password");
  if (/[\r\n]/.test(password)) throw CliError.usage("the export's password must be one line");
  return password;
}

/** The bot token: the account's secret for --env, else SLACK_BOT_TOKEN as `npm start` reads it. */
async function slackToken(
  values: { env?: string; region?: string },
  context: CliContext,
): Promise<string> {
  if (values.env !== undefined) {
    const store = resolveStore(
      { env: values.env, ...(values.region === undefined ? {} : { region: values.region }) },
      'slack-token',
      context,
    );
    const stored = await store.read();
    if (stored.text === undefined) {
      throw new CliError(
        EXIT_CODES.notFound,
        `${store.description} holds no Slack token yet; set it with hipchat-proxy slack-token set --env ${values.env}`,
      );
    }
    try {
      return parseSlackTokenSecret(stored.text);
    } catch (error) {
      throw new CliError(EXIT_CODES.invalid, `${store.description}: ${(error as Error).message}`);
    }
  }
  const token = context.env.SLACK_BOT_TOKEN?.trim();
  if (!token) {
    throw CliError.usage('set SLACK_BOT_TOKEN to the Slack bot token (as for npm start)');
  }
  return token;
}

async function readExport(
  source: string,
  password: string | undefined,
  passwordGiven: boolean,
): Promise<HipChatExport> {
  try {
    return await readHipChatExport(source, password === undefined ? {} : { password });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    const hint =
      !passwordGiven && /password/i.test(error.message)
        ? ' (pipe it in with --password-stdin)'
        : '';
    throw new CliError(EXIT_CODES.invalid, `${error.message}${hint}; nothing was written`);
  }
}

async function configEdit(
  target: Extract<MapsTarget, { kind: 'env' }>,
): Promise<{ path: string; text: string | undefined }> {
  let text: string;
  try {
    text = await readFile(target.configPath, 'utf8');
  } catch {
    throw new CliError(
      EXIT_CODES.notFound,
      `no deploy config ${target.configPath}; run from the repository root`,
    );
  }
  return { path: target.configPath, text: withMapFiles(text, target.env, target.configPath) };
}

function describe(summary: ImportSummary, target: MapsTarget): string {
  const { rooms, users, slack } = summary;
  const lines = [
    `Rooms: ${count(rooms.total)} in the export, ${count(rooms.mapped)} mapped by id and name, ${count(rooms.unmatched.length)} unmatched${byReason(rooms.unmatched)}`,
    `Users: ${count(users.total)} in the export, ${count(users.mapped)} mapped by id and @mention name, ${count(users.unmatched.length)} unmatched${byReason(users.unmatched)}`,
    `Slack: ${count(slack.channels)} channels, ${count(slack.people)} people; ${count(slack.totalCalls)} calls (${Object.entries(
      slack.calls,
    )
      .map(([method, calls]) => `${method} ${calls}`)
      .join(
        ', ',
      )}), ${slack.rateLimited} rate-limited (${slack.waitedSeconds} s waited), ${(slack.elapsedMs / 1000).toFixed(1)} s`,
  ];
  const idOnly = rooms.namesNotKeyed.length + users.namesNotKeyed.length;
  if (idOnly > 0) {
    lines.push(
      `${count(rooms.namesNotKeyed.length)} rooms and ${count(users.namesNotKeyed.length)} users map by id only: their name is blank, a number, or another's (--json lists them)`,
    );
  }
  lines.push('');
  if (rooms.unmatched.length > 0) {
    lines.push(
      formatTable(
        ['ROOM ID', 'ROOM', 'WHY UNMATCHED'],
        rooms.unmatched.map((room) => [String(room.id), room.name, REASONS[room.reason]]),
      ),
    );
  }
  if (users.unmatched.length > 0) {
    lines.push(
      formatTable(
        ['USER ID', 'MENTION NAME', 'WHY UNMATCHED'],
        users.unmatched.map((user) => [
          String(user.id),
          `@${user.mentionName}`,
          REASONS[user.reason],
        ]),
      ),
    );
  }
  const verb = summary.dryRun ? 'would write' : 'wrote';
  for (const file of summary.files) {
    lines.push(
      file.unchanged
        ? `${file.path}: unchanged (${count(file.keys)} keys)`
        : `${file.path}: ${verb} ${count(file.keys)} keys (+${count(file.added)} −${count(file.removed)} ~${count(file.changed)})`,
    );
  }
  if (summary.deployConfig?.changed) {
    lines.push(`${summary.deployConfig.path}: ${verb} roomMapFile and userMapFile`);
  }
  if (summary.dryRun) lines.push('Dry run: nothing was written.');
  else if (target.kind === 'env') {
    lines.push(
      `Review and deploy to apply: npx cdk diff HipChatSlackProxy-${target.env}, then npx cdk deploy HipChatSlackProxy-${target.env}.`,
    );
  } else {
    lines.push('npm start reads them as ROOM_MAP_FILE and USER_MAP_FILE (restart it to apply).');
  }
  return `${lines.join('\n')}\n`;
}

const REASONS: Record<
  | MapsReport['rooms']['unmatched'][number]['reason']
  | MapsReport['users']['unmatched'][number]['reason'],
  string
> = {
  no_channel: 'no Slack channel of its name',
  channel_claimed_by_another_room: 'its channel is taken by another room',
  no_email: 'no e-mail address (a guest?)',
  deleted: 'deleted in HipChat',
  no_slack_user: 'nobody in Slack with its e-mail',
};

function byReason(unmatched: readonly { reason: string }[]): string {
  if (unmatched.length === 0) return '';
  const counts = new Map<string, number>();
  for (const { reason } of unmatched) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return ` (${[...counts].map(([reason, n]) => `${reason} ${count(n)}`).join(', ')})`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
