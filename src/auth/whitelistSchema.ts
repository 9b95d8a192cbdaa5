import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from '../config/englishIssues.js';
import { parseJsonDocument } from '../config/parseJsonDocument.js';

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

export const whitelistEntrySchema = z.object({
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
});

export const whitelistSchema = z.object({ tokens: z.array(whitelistEntrySchema) });

export type WhitelistEntry = z.infer<typeof whitelistEntrySchema>;
export type WhitelistDocument = z.infer<typeof whitelistSchema>;

/**
 * Parses whitelist JSON text, all or nothing: what the ops CLI checks before it writes.
 * Errors name the offending path, never echo the text.
 */
export function parseWhitelist(text: string): WhitelistDocument {
  const document = parseJsonDocument(text, whitelistSchema, 'the whitelist');
  const labels = new Set<string>();
  for (const entry of document.tokens) {
    if (labels.has(entry.label))
      throw new Error(`the whitelist has two entries labelled ${entry.label}`);
    labels.add(entry.label);
  }
  return document;
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
 * a rule (a misspelt scope, a malformed digest, a label used twice) is skipped and reported,
 * and the valid entries apply — one bad edit must not lock every app out. Text that is not a
 * JSON `{"tokens":[…]}` at all, or whose entries are all unusable, throws (as `parseWhitelist`
 * does), so the last good copy stays.
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
  const valid: WhitelistEntry[] = [];
  const skipped: SkippedWhitelistEntry[] = [];
  const labels = new Set<string>();
  tokens.forEach((raw, index) => {
    const label = readableLabel(raw);
    const result = whitelistEntrySchema.safeParse(raw, ENGLISH_ISSUES);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.map(String).join('.') || '(entry)';
      skipped.push({ index, label, reason: `"${path}": ${issue?.message ?? 'invalid'}` });
    } else if (labels.has(result.data.label)) {
      skipped.push({ index, label, reason: 'another entry has the same label' });
    } else {
      labels.add(result.data.label);
      valid.push(result.data);
    }
  });
  if (tokens.length > 0 && valid.length === 0) {
    // Not one usable entry: a broken document, not a few bad lines; keep the last good copy.
    throw new Error(`the whitelist has no usable entry (the first: ${skipped[0]?.reason})`);
  }
  return { document: { tokens: valid }, skipped };
}

function readableLabel(raw: unknown): string | undefined {
  const label = (raw as { label?: unknown } | null)?.label;
  return typeof label === 'string' && label.length > 0 && label.length <= 128 ? label : undefined;
}
