import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from '../config/englishIssues.js';
import { parseJsonDocument } from '../config/parseJsonDocument.js';
import { THREAD_MODES } from '../config/SETTINGS.js';

/**
 * The token whitelist operators rotate without a redeploy. Shared by the Lambda and the ops
 * tooling so a malformed whitelist is refused before it is written, and never half-read.
 * Plaintext tokens are never stored: only the hex SHA-256 of each.
 *
 * @example
 * whitelistSchema.parse({ tokens: [{ label: 'billing-cron', sha256: '9f86d0…', rooms: ['1234'] }] });
 */
/**
 * Every scope name HipChat had (reference/hipchat-api.md §2): operators copy a token's scopes
 * from HipChat as they were, so all are accepted. Names no endpoint here asks for
 * (`admin_group`, `manage_rooms`, `view_messages`, …) are kept and simply never match.
 */
export const TOKEN_SCOPES = [
  'send_notification',
  'send_message',
  'admin_room',
  'view_room',
  'admin_group',
  'manage_rooms',
  'view_group',
  'view_messages',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * Strict: a key the schema does not know fails the entry. Unknown keys used to be dropped, and a
 * misspelt one (`room` for `rooms`, `expire`, `Scopes`) silently removed the restriction it was
 * written to add.
 */
export const whitelistEntrySchema = z.strictObject({
  /** Who the token belongs to; the only thing logs ever say about a token. */
  label: z.string().check(z.minLength(1), z.maxLength(128)),
  sha256: z.pipe(
    z
      .string()
      .check(z.regex(/^[0-9a-fA-F]{64}$/, 'must be the 64-character hex SHA-256 of the token')),
    z.transform((hex) => hex.toLowerCase()),
  ),
  /** HipChat room ids or names this token may post to; absent means any room. */
  rooms: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** ISO-8601 instant after which the token is refused; absent means no expiry. */
  expires: z.optional(z.iso.datetime({ offset: true })),
  /**
   * HipChat's scope names for what the token may call: `send_notification` (room
   * notifications), `send_message` (room and private messages), `admin_room` (topic),
   * `view_room` (room lookups). Absent: the endpoints' defaults apply.
   */
  scopes: z.optional(z.array(z.enum(TOKEN_SCOPES))),
  /** Whether `@all`/`@here` in this token's text messages may ping a whole Slack channel. */
  broadcastMentions: z.optional(z.boolean()),
  /** The name a room message is posted under (HipChat posted as the token's owner). */
  displayName: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** How this token's messages thread (`THREADS`: `broadcast`, `thread`, `off`); absent: the account's. */
  threads: z.optional(z.enum(THREAD_MODES)),
});

export const whitelistSchema = z.object({ tokens: z.array(whitelistEntrySchema) });

export type WhitelistEntry = z.infer<typeof whitelistEntrySchema>;
export type WhitelistDocument = z.infer<typeof whitelistSchema>;

/**
 * Parses whitelist JSON text, all or nothing: what the ops CLI checks before it writes. Any
 * entry the proxy would skip (`readWhitelist`) refuses the whole text, naming the entry and the
 * reason, never echoing the text.
 *
 * @example
 * parseWhitelist('{"tokens":[{"label":"cron","sha256":"…","room":["Ops"]}]}');
 * // throws: the whitelist's entry 0 (cron) is invalid: unknown key "room"
 */
export function parseWhitelist(text: string): WhitelistDocument {
  const { document, skipped } = readWhitelist(text);
  const [first] = skipped;
  if (first !== undefined) throw new Error(`the whitelist's ${invalidEntryText(first)}`);
  return document;
}

/** `entry 3 (billing-cron) is invalid: unknown key "room"` (no label where none is readable). */
export function invalidEntryText(entry: SkippedWhitelistEntry): string {
  const label = entry.label === undefined ? '' : ` (${entry.label})`;
  return `entry ${entry.index}${label} is invalid: ${entry.reason}`;
}

/** An entry the proxy could not use: where it is, whose it is (if its label is readable), why. */
export interface SkippedWhitelistEntry {
  /** Its position in `tokens`, from 0. */
  readonly index: number;
  readonly label: string | undefined;
  /** The offending field and the rule, never the value (a digest stays out of logs). */
  readonly reason: string;
}

const documentShape = z.object({ tokens: z.array(z.unknown()) });

/**
 * Reads whitelist JSON text the way the proxy serves it: entry by entry. An entry that breaks
 * a rule (an unknown key, a misspelt scope, a malformed digest) is skipped and reported, and so
 * is every entry of a label or a digest that stands more than once, valid or not — which of
 * two entries for one token applies is not for the order of the file to decide. The valid
 * entries apply: one bad edit must not lock every app out; and when none is valid, none applies
 * (every token 401, every entry reported), never the last copy, which may hold a token revoked
 * since. Only text that is not a JSON `{"tokens":[…]}` at all throws, so the last good copy
 * stays.
 *
 * @example
 * const { document, skipped } = readWhitelist(text);
 * for (const entry of skipped) logger.error('whitelist entry skipped', { ...entry });
 */
export function readWhitelist(text: string): {
  document: WhitelistDocument;
  skipped: SkippedWhitelistEntry[];
} {
  const { tokens } = parseJsonDocument(text, documentShape, 'the whitelist');
  const parsed = tokens.map((raw, index) => ({
    index,
    label: readableLabel(raw),
    result: whitelistEntrySchema.safeParse(raw, ENGLISH_ISSUES),
  }));
  const labels = countOf(parsed.map(({ label }) => label));
  // Over every entry, valid or not: a narrow entry with a typo must not leave its wide twin alone.
  const digests = countOf(tokens.map(readableDigest));
  const valid: WhitelistEntry[] = [];
  const skipped: SkippedWhitelistEntry[] = [];
  for (const { index, label, result } of parsed) {
    if (!result.success) {
      skipped.push({ index, label, reason: issueText(result.error.issues[0]) });
    } else if ((labels.get(result.data.label) ?? 0) > 1) {
      skipped.push({ index, label, reason: 'another entry has the same label' });
    } else if ((digests.get(result.data.sha256) ?? 0) > 1) {
      skipped.push({ index, label, reason: 'another entry has the same sha256 (the same token)' });
    } else {
      valid.push(result.data);
    }
  }
  return { document: { tokens: valid }, skipped };
}

function countOf(values: readonly (string | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** The offending field and the rule, never the value; an unknown key is named. */
function issueText(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown key "${key}"`).join(', ');
  }
  const path = issue?.path.map(String).join('.') || '(entry)';
  return `"${path}": ${issue?.message ?? 'invalid'}`;
}

function readableDigest(raw: unknown): string | undefined {
  const digest = (raw as { sha256?: unknown } | null)?.sha256;
  return typeof digest === 'string' ? digest.toLowerCase() : undefined;
}

function readableLabel(raw: unknown): string | undefined {
  const label = (raw as { label?: unknown } | null)?.label;
  return typeof label === 'string' && label.length > 0 && label.length <= 128 ? label : undefined;
}
