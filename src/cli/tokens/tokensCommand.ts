import { tokenDigest } from '../../auth/authorizeToken.js';
import {
  invalidEntryText,
  type SkippedWhitelistEntry,
  TOKEN_SCOPES,
  type TokenScope,
  type WhitelistDocument,
  type WhitelistEntry,
} from '../../auth/whitelistSchema.js';
import { THREAD_MODES, type ThreadMode } from '../../config/SETTINGS.js';
import { type CliCommand, withSubcommands } from '../CliCommand.js';
import type { CliContext } from '../CliContext.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { formatTable } from '../formatTable.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { parseDuration } from '../parseDuration.js';
import { readSecretFromStdin } from '../readSecretFromStdin.js';
import { splitList } from '../splitList.js';
import type { GuardedTextStore } from '../store/GuardedTextStore.js';
import { resolveStore, STORE_HELP, STORE_OPTIONS } from '../store/resolveStore.js';
import { updateGuarded } from '../store/updateGuarded.js';
import { addTokenEntries } from './addTokenEntries.js';
import { checkGivenToken } from './checkGivenToken.js';
import { describeEntry } from './describeEntry.js';
import { generateToken } from './generateToken.js';
import { parseExpiry, refusePastExpiry } from './parseExpiry.js';
import { parseImportInput } from './parseImportInput.js';
import { readServedWhitelist, readWhitelistText } from './readWhitelistText.js';
import { revokeTokenEntries } from './revokeTokenEntries.js';
import { rotateTokenEntry } from './rotateTokenEntry.js';
import { serializeWhitelist } from './serializeWhitelist.js';
import { type EntryChanges, updateTokenEntry } from './updateTokenEntry.js';

const APPLIES =
  "Applies without a redeploy, within the proxy's WHITELIST_TTL_SECONDS (default 60 s).";

const HELP = `Usage: hipchat-proxy tokens <command> [options]

Manage the whitelist of HipChat tokens the proxy accepts. Only SHA-256 digests are stored;
a token is shown once, by add and rotate, and never again. ${APPLIES}

Commands:
  add       add an app's token (generated, or read from stdin)
  update    change an app's settings (rooms, scopes, expiry, threads, …); its token stays
  list      labels, rooms, scopes, threads, expiry and a digest prefix — never a token
  revoke    remove tokens by label (and/or every expired one)
  rotate    give an app a new token; the old one stays valid for --grace
  import    bulk-add the plaintext tokens legacy apps already use, from stdin

Run \`hipchat-proxy tokens <command> --help\` for its options.
`;

const ENTRY_OPTIONS = {
  rooms: { type: 'string', multiple: true },
  expires: { type: 'string' },
  scopes: { type: 'string', multiple: true },
  'display-name': { type: 'string' },
  'broadcast-mentions': { type: 'boolean' },
  threads: { type: 'string' },
} as const;

const ENTRY_HELP = `  --rooms R1,R2          HipChat room ids or names it may post to (repeatable; default: any room)
  --expires WHEN         2027-06-30, 2027-06-30T12:00:00Z or +90d (default: never; an instant
                         already past is refused, exit 2)
  --scopes S1,S2         any of ${TOKEN_SCOPES.join(', ')}
                         (default: send_notification,send_message,view_room; add view_group for
                         user lookups, admin_room for topics; a token limited to --rooms never
                         looks people up)
  --display-name NAME    the name room messages are posted under
  --broadcast-mentions   let @all/@here in its text messages ping a whole channel
  --threads MODE         how its messages thread in Slack: ${THREAD_MODES.join(', ')} (default:
                         the account's THREADS)`;

const SUBCOMMAND_HELP: Record<string, string> = {
  add: `Usage: hipchat-proxy tokens add --label LABEL [options]

Adds a token and prints it once (stdout: the token alone, so TOKEN=$(…) works; --json: an
object with "token"). Give it to the app's owner now: it cannot be shown again.

  --label LABEL          who the token belongs to; the only name logs and metrics use
  --token-stdin          use the token read from stdin instead of generating one (at least 30
                         characters, as HipChat's v1 (30) and v2 (40) tokens; shorter: exit 5)
${ENTRY_HELP}
  --json                 print {"label","token","sha256Prefix",…} instead

${STORE_HELP}

Example:
  hipchat-proxy tokens add --env prod-eu --label billing-cron --rooms 1234,"Ops Alerts" --expires +365d
`,
  update: `Usage: hipchat-proxy tokens update --label LABEL [options]

Changes the settings given and keeps the rest, the token included: the app changes nothing.
A label that is not on the whitelist is exit 3; no setting to change is exit 2.

  --label LABEL          the entry to change
${ENTRY_HELP}
                         (update also takes --threads default: drop the entry's own mode)
  --json                 print the entry as \`tokens list --json\` does

${STORE_HELP}

Example:
  hipchat-proxy tokens update --env prod-eu --label nagios --threads off
`,
  list: `Usage: hipchat-proxy tokens list [--json]

Lists every entry: label, active/expired, expiry, rooms, scopes, threads (\`default\`: the
account's THREADS), the first 8 hex digits of its SHA-256 (compare with
\`printf %s "$TOKEN" | sha256sum\`). Never a token. --json adds the display name and
broadcast mentions.

${STORE_HELP}
`,
  revoke: `Usage: hipchat-proxy tokens revoke --label LABEL [--label …] [--with-rotated] [--expired] [--invalid]

Removes tokens; their callers get 401 within WHITELIST_TTL_SECONDS. A label that is not on the
whitelist is exit 3.

  --label LABEL      the entry to remove (repeatable)
  --with-rotated     also remove LABEL's retired tokens (LABEL@rotated-…) still in their grace
  --expired          also remove every entry that has already expired (housekeeping)
  --invalid          also remove every entry the proxy skips (an unknown key, a duplicate label
                     or digest…): they grant nothing, and while one is stored no edit is written
  --json             print {"removed":[labels]}

${STORE_HELP}
`,
  rotate: `Usage: hipchat-proxy tokens rotate --label LABEL --grace DURATION [--expires WHEN] [--token-stdin] [--json]

Gives LABEL a new token (printed once, like add) with the same rooms, scopes and expiry. The
old token is kept as LABEL@rotated-<time> until the grace ends, so the app can switch without
a failed message; requests on the old token show that label in logs, metrics and \`usage\`.

  --label LABEL          the app to rotate
  --grace DURATION       how long the old token stays valid: 30m, 24h, 7d; 0 = revoke it now (leak)
  --expires WHEN         the new token's expiry: 2027-06-30, +365d or never (default: the old one's)
  --token-stdin          use the token read from stdin instead of generating one
  --json                 print {"label","token","retiredLabel","oldTokenValidUntil",…}

${STORE_HELP}
`,
  import: `Usage: hipchat-proxy tokens import [options] < tokens.txt

Adds the tokens legacy apps already use, so no app has to change. Reads stdin: lines of
"label token" (# comments allowed) or a JSON array of {"label","token",…entry fields}. All or
nothing: a duplicate label or token, a token shorter than HipChat's 30 characters or an
expiry already past refuses the whole import (exit 5). Prints labels, never tokens.

Defaults for entries that do not set them:
${ENTRY_HELP}
  --json                 print {"imported":[labels]}

${STORE_HELP}
`,
};

/**
 * `hipchat-proxy tokens …`: add, update, list, revoke, rotate and import whitelist entries in the
 * Secrets Manager secret of a stack or in a local whitelist file.
 *
 * @example
 * hipchat-proxy tokens rotate --env prod-eu --label billing-cron --grace 24h
 */
export const tokensCommand: CliCommand = {
  name: 'tokens',
  summary: 'add, update, list, revoke, rotate or import HipChat tokens on the whitelist',
  run: withSubcommands(HELP, async (subcommand, rest, context) => {
    const run = SUBCOMMANDS[subcommand];
    if (run === undefined) throw CliError.usage(`unknown command: tokens ${subcommand}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      context.stdout(SUBCOMMAND_HELP[subcommand] ?? HELP);
      return EXIT_CODES.ok;
    }
    return run(rest, context);
  }),
};

type Subcommand = (args: string[], context: CliContext) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  async add(args, context) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      ...ENTRY_OPTIONS,
      label: { type: 'string' },
      'token-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const label = required(values.label, '--label');
    const now = context.now();
    const settings = entrySettings(values, now);
    const store = resolveStore(values, 'whitelist', context);
    const token = values['token-stdin']
      ? await readSecretFromStdin(context, `the token for ${label}`)
      : generateToken(context.randomBytes);
    checkGivenToken(token, label);
    const entry: WhitelistEntry = { label, sha256: tokenDigest(token), ...settings };
    await editWhitelist(store, (whitelist) => ({
      whitelist: addTokenEntries(whitelist, [entry]),
      result: undefined,
    }));
    const view = describeEntry(entry, now);
    if (values.json) {
      context.stdout(`${JSON.stringify({ ...view, token, store: store.description })}\n`);
    } else {
      context.stderr(
        `Added ${label} (sha256 ${view.sha256Prefix}…) to ${store.description}. ${APPLIES}\n` +
          'Its token follows, shown this once: hand it to the app owner now.\n',
      );
      context.stdout(`${token}\n`);
    }
    return EXIT_CODES.ok;
  },

  async update(args, context) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      ...ENTRY_OPTIONS,
      label: { type: 'string' },
      json: { type: 'boolean' },
    });
    const label = required(values.label, '--label');
    const now = context.now();
    const { threads, ...others } = values;
    const changes: EntryChanges = {
      ...entrySettings(others, now),
      ...(threads === 'default' ? { threads: null } : entrySettings({ threads }, now)),
    };
    if (Object.keys(changes).length === 0) {
      throw CliError.usage(
        'say what to change: --rooms, --expires, --scopes, --display-name, --broadcast-mentions or --threads',
      );
    }
    const store = resolveStore(values, 'whitelist', context);
    const entry = await editWhitelist(store, (whitelist) => {
      const result = updateTokenEntry(whitelist, label, changes);
      return { whitelist: result.whitelist, result: result.entry };
    });
    const view = describeEntry(entry, now);
    if (values.json) {
      context.stdout(`${JSON.stringify({ ...view, store: store.description })}\n`);
    } else {
      context.stdout(`${label}\n`);
      context.stderr(`Updated ${label} in ${store.description}. ${APPLIES}\n`);
    }
    return EXIT_CODES.ok;
  },

  async list(args, context) {
    const { values } = parseCommandArgs(args, { ...STORE_OPTIONS, json: { type: 'boolean' } });
    const store = resolveStore(values, 'whitelist', context);
    const { text, absent } = await store.read();
    if (absent) {
      throw new CliError(
        EXIT_CODES.notFound,
        `${store.description} does not exist (check the path; tokens add creates it)`,
      );
    }
    const now = context.now();
    const { document, skipped } = readServedWhitelist(text, store.description);
    const views = document.tokens.map((entry) => describeEntry(entry, now));
    if (values.json) {
      context.stdout(
        `${JSON.stringify({ store: store.description, tokens: views, invalid: skipped })}\n`,
      );
      return EXIT_CODES.ok;
    }
    if (views.length === 0 && skipped.length === 0) {
      context.stderr(`${store.description}: no tokens on the whitelist\n`);
      return EXIT_CODES.ok;
    }
    context.stdout(
      formatTable(
        ['LABEL', 'STATUS', 'EXPIRES', 'ROOMS', 'SCOPES', 'THREADS', 'SHA256'],
        [
          ...views.map((view) => [
            view.label,
            view.status,
            view.expires ?? 'never',
            view.rooms?.join(',') ?? 'any',
            view.scopes?.join(',') ?? 'default',
            view.threads ?? 'default',
            `${view.sha256Prefix}…`,
          ]),
          ...skipped.map((entry) => [
            entry.label ?? `(entry ${entry.index})`,
            'invalid',
            '-',
            '-',
            '-',
            '-',
            '-',
          ]),
        ],
      ),
    );
    for (const entry of skipped) {
      context.stderr(`${store.description}: ${invalidEntryText(entry)}; the proxy skips it\n`);
    }
    return EXIT_CODES.ok;
  },

  async revoke(args, context) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      label: { type: 'string', multiple: true },
      'with-rotated': { type: 'boolean' },
      expired: { type: 'boolean' },
      invalid: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const labels = values.label ?? [];
    if (labels.length === 0 && !values.expired && !values.invalid) {
      throw CliError.usage('say what to revoke: --label LABEL, --expired and/or --invalid');
    }
    const store = resolveStore(values, 'whitelist', context);
    const now = context.now();
    const removed = await editWhitelist(
      store,
      (whitelist, skipped) => {
        const result = revokeTokenEntries(
          whitelist,
          {
            labels: labels.filter((label) => !skipped.some((entry) => entry.label === label)),
            withRotated: values['with-rotated'] ?? false,
            expired: values.expired ?? false,
          },
          now,
        );
        return {
          whitelist: result.whitelist,
          result: [
            ...skipped.map((entry) => entry.label ?? `(entry ${entry.index})`),
            ...result.removed.map((entry) => entry.label),
          ],
        };
      },
      { dropInvalid: values.invalid ?? false },
    );
    if (values.json) {
      context.stdout(`${JSON.stringify({ removed, store: store.description })}\n`);
    } else {
      context.stdout(removed.length === 0 ? 'nothing to remove\n' : `${removed.join('\n')}\n`);
      context.stderr(`Revoked ${removed.length} from ${store.description}. ${APPLIES}\n`);
    }
    return EXIT_CODES.ok;
  },

  async rotate(args, context) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      label: { type: 'string' },
      grace: { type: 'string' },
      expires: { type: 'string' },
      'token-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const label = required(values.label, '--label');
    const graceMs = parseDuration(required(values.grace, '--grace'), '--grace');
    const expires =
      values.expires === undefined
        ? undefined
        : values.expires === 'never'
          ? null
          : parseExpiry(values.expires, context.now());
    const store = resolveStore(values, 'whitelist', context);
    const token = values['token-stdin']
      ? await readSecretFromStdin(context, `the new token for ${label}`)
      : generateToken(context.randomBytes);
    checkGivenToken(token, label);
    const now = context.now();
    const rotation = await editWhitelist(store, (whitelist) => {
      const result = rotateTokenEntry(whitelist, label, tokenDigest(token), now, graceMs, expires);
      return { whitelist: result.whitelist, result };
    });
    const view = describeEntry(rotation.current, now);
    const retiredLabel = rotation.retired?.label ?? null;
    const oldTokenValidUntil = rotation.retired?.expires ?? null;
    if (values.json) {
      context.stdout(
        `${JSON.stringify({ ...view, token, retiredLabel, oldTokenValidUntil, store: store.description })}\n`,
      );
    } else {
      context.stderr(
        `Rotated ${label} (new sha256 ${view.sha256Prefix}…) in ${store.description}. ${APPLIES}\n` +
          (retiredLabel === null
            ? 'The old token is revoked now.\n'
            : `The old token stays valid as ${retiredLabel} until ${oldTokenValidUntil}.\n`) +
          'The new token follows, shown this once: hand it to the app owner now.\n',
      );
      context.stdout(`${token}\n`);
    }
    return EXIT_CODES.ok;
  },

  async import(args, context) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      ...ENTRY_OPTIONS,
      json: { type: 'boolean' },
    });
    const now = context.now();
    const defaults = entrySettings(values, now);
    const store = resolveStore(values, 'whitelist', context);
    if (context.stdinIsTerminal) {
      context.stderr('Reading "label token" lines (or a JSON array) until Ctrl-D:\n');
    }
    const imported = parseImportInput(await context.readStdin());
    if (imported.length === 0) throw CliError.usage('nothing to import on standard input');
    imported.forEach(({ label, token, expires }, index) => {
      checkGivenToken(token, label);
      if (expires !== undefined) {
        refusePastExpiry(
          expires,
          now,
          `import entry ${index + 1} (${label}): expires`,
          (message) => new CliError(EXIT_CODES.invalid, message),
        );
      }
    });
    const entries: WhitelistEntry[] = imported.map(({ token, ...fields }) => ({
      ...defaults,
      ...fields,
      sha256: tokenDigest(token),
    }));
    await editWhitelist(store, (whitelist) => ({
      whitelist: addTokenEntries(whitelist, entries),
      result: undefined,
    }));
    const labels = entries.map((entry) => entry.label);
    if (values.json) {
      context.stdout(`${JSON.stringify({ imported: labels, store: store.description })}\n`);
    } else {
      context.stdout(`${labels.join('\n')}\n`);
      context.stderr(`Imported ${labels.length} tokens into ${store.description}. ${APPLIES}\n`);
    }
    return EXIT_CODES.ok;
  },
};

/** Runs a whitelist edit under updateGuarded: parsed like the Lambda parses, validated before it is written. */
/**
 * Reads the stored whitelist, applies `edit` and writes the result under the store's guard. A
 * stored entry the proxy skips refuses the edit (exit 5) — unless `dropInvalid`, where such
 * entries are left out of what is written and handed to `edit` to report.
 */
async function editWhitelist<R>(
  store: GuardedTextStore,
  edit: (
    whitelist: WhitelistDocument,
    dropped: readonly SkippedWhitelistEntry[],
  ) => { whitelist: WhitelistDocument; result: R },
  options: { dropInvalid?: boolean } = {},
): Promise<R> {
  const { result } = await updateGuarded(store, (text) => {
    const { document, skipped } = options.dropInvalid
      ? readServedWhitelist(text, store.description)
      : { document: readWhitelistText(text, store.description), skipped: [] };
    const outcome = edit(document, skipped);
    return { text: serializeWhitelist(outcome.whitelist), result: outcome.result };
  });
  return result;
}

function entrySettings(
  values: {
    rooms?: string[];
    expires?: string;
    scopes?: string[];
    'display-name'?: string;
    'broadcast-mentions'?: boolean;
    threads?: string;
  },
  now: Date,
): Omit<WhitelistEntry, 'label' | 'sha256'> {
  const scopes = splitList(values.scopes);
  for (const scope of scopes ?? []) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) {
      throw CliError.usage(`--scopes: unknown scope ${scope} (known: ${TOKEN_SCOPES.join(', ')})`);
    }
  }
  const settings: Omit<WhitelistEntry, 'label' | 'sha256'> = {};
  const rooms = splitList(values.rooms);
  if (rooms !== undefined) settings.rooms = rooms;
  if (values.expires !== undefined) settings.expires = parseExpiry(values.expires, now);
  if (scopes !== undefined) settings.scopes = scopes as TokenScope[];
  if (values['display-name'] !== undefined) settings.displayName = values['display-name'];
  if (values['broadcast-mentions'] !== undefined) {
    settings.broadcastMentions = values['broadcast-mentions'];
  }
  if (values.threads !== undefined) settings.threads = threadMode(values.threads);
  return settings;
}

function threadMode(value: string): ThreadMode {
  if (!(THREAD_MODES as readonly string[]).includes(value)) {
    throw CliError.usage(`--threads: unknown mode ${value} (known: ${THREAD_MODES.join(', ')})`);
  }
  return value as ThreadMode;
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw CliError.usage(`${option} is required`);
  return value;
}
