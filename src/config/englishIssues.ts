import en from 'zod/v4/locales/en.js';

/**
 * Parse options that word zod's issues in English, as classic zod did by default: zod/mini
 * loads no locale, so without them every message reads "Invalid input". For the parses whose
 * messages reach an operator (configuration, JSON documents, CLI input); HipChat's 400s are
 * built from issue codes and fields, not messages, and do without. The locale is imported by
 * file: `z.locales.en` through the `zod/mini` namespace would bundle every locale (+260 KB).
 *
 * @example
 * const result = schema.safeParse(json, ENGLISH_ISSUES);
 */
export const ENGLISH_ISSUES = { error: en().localeError };
