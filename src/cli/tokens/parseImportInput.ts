import * as z from 'zod/mini';
import { TOKEN_SCOPES } from '../../auth/whitelistSchema.js';
import { ENGLISH_ISSUES } from '../../config/englishIssues.js';
import { THREAD_MODES, type ThreadMode } from '../../config/SETTINGS.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/** One legacy app's existing plaintext token, as handed to `tokens import` on stdin. */
export interface ImportedToken {
  label: string;
  token: string;
  rooms?: string[];
  expires?: string;
  scopes?: (typeof TOKEN_SCOPES)[number][];
  displayName?: string;
  broadcastMentions?: boolean;
  threads?: ThreadMode;
}

const importedTokenSchema = z.strictObject({
  label: z.string().check(z.minLength(1), z.maxLength(128)),
  token: z.string().check(z.minLength(1)),
  rooms: z.optional(z.array(z.string().check(z.minLength(1)))),
  expires: z.optional(z.iso.datetime({ offset: true })),
  scopes: z.optional(z.array(z.enum(TOKEN_SCOPES))),
  displayName: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  broadcastMentions: z.optional(z.boolean()),
  threads: z.optional(z.enum(THREAD_MODES)),
});

/**
 * Reads the tokens legacy apps already use, so they can keep them: either a JSON array of
 * `{"label","token",…whitelist fields}` or lines of `label token` (whitespace-separated,
 * `#` comments). Errors point at an index or line number, never quote the input.
 *
 * @example
 * parseImportInput('billing-cron 0123…\n# retired\nnagios abcd…\n');
 */
export function parseImportInput(text: string): ImportedToken[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new CliError(EXIT_CODES.invalid, 'the import is not valid JSON');
    }
    const parsed = z.array(importedTokenSchema).safeParse(json, ENGLISH_ISSUES);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(
        EXIT_CODES.invalid,
        `the import is invalid at ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    return parsed.data;
  }
  const tokens: ImportedToken[] = [];
  trimmed.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    if (fields.length !== 2) {
      throw new CliError(
        EXIT_CODES.invalid,
        `import line ${index + 1}: expected "label token" (two fields, got ${fields.length})`,
      );
    }
    tokens.push({ label: fields[0] as string, token: fields[1] as string });
  });
  return tokens;
}
