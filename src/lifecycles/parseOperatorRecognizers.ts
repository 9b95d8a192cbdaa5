import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from '../config/englishIssues.js';
import type { LifecycleState, Recognizer } from './Recognizer.js';
import { RecognizerError } from './RecognizerError.js';
import { riskyPattern } from './riskyPattern.js';

/** How much of a message's text an operator's pattern reads: what bounds a slow pattern. */
export const MAX_OPERATOR_INPUT = 1_000;
export const MAX_OPERATOR_RECOGNIZERS = 50;
export const MAX_PATTERN_LENGTH = 500;

const stateValues = z.array(z.string().check(z.minLength(1), z.maxLength(100)));

const operatorRecognizerSchema = z.strictObject({
  sender: z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9][\w .-]*$/)),
  pattern: z.string().check(z.minLength(1), z.maxLength(MAX_PATTERN_LENGTH)),
  states: z.strictObject({ open: z.optional(stateValues), resolved: z.optional(stateValues) }),
  ignoreCase: z.optional(z.boolean()),
});

const operatorRecognizersSchema = z
  .array(operatorRecognizerSchema)
  .check(z.maxLength(MAX_OPERATOR_RECOGNIZERS));

/** One operator recognizer as written in the configuration. */
export type OperatorRecognizerConfig = z.infer<typeof operatorRecognizerSchema>;

/**
 * An operator's own recognizers, checked and compiled once: a JSON array (the text, or the
 * parsed value) of `{ sender, pattern, states: { open?, resolved? }, ignoreCase? }`. The pattern
 * is a JavaScript regular expression with the named groups `key` (the alert's subject) and
 * `state`; a `state` listed under `open` or `resolved` is that, any other is `neither`. The
 * pattern reads the message's text (html rendered as text), its first `MAX_OPERATOR_INPUT`
 * characters. Refused with a `RecognizerError` naming the entry: not JSON, a wrong shape, a
 * pattern that does not compile, lacks `key` or `state`, or looks catastrophic (`riskyPattern`),
 * a value under both states.
 *
 * @example
 * const mine = parseOperatorRecognizers(
 *   '[{"sender":"checks","pattern":"^(?<state>DOWN|UP): (?<key>\\\\S+)","states":{"open":["DOWN"],"resolved":["UP"]}}]',
 * );
 * recognizeLifecycle(notification, room, [...mine, ...RECOGNIZERS]);
 */
export function parseOperatorRecognizers(json: unknown): Recognizer[] {
  const value = typeof json === 'string' ? parseJson(json) : json;
  const result = operatorRecognizersSchema.safeParse(value, ENGLISH_ISSUES);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new RecognizerError(`lifecycle recognizers${path}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data.map((config, index) =>
    compileOperatorRecognizer(config, `recognizer ${index + 1} ("${config.sender}")`),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecognizerError(
      `lifecycle recognizers: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function compileOperatorRecognizer(config: OperatorRecognizerConfig, name: string): Recognizer {
  const flags = config.ignoreCase ? 'i' : '';
  const pattern = compile(config.pattern, flags, name);
  const risk = riskyPattern(config.pattern);
  if (risk !== undefined) {
    throw new RecognizerError(`${name}: the pattern looks catastrophic for backtracking: ${risk}`);
  }
  // A pattern with an empty alternative matches '' and lists every named group it has.
  const groups = Object.keys(compile(`${config.pattern}|`, flags, name).exec('')?.groups ?? {});
  for (const group of ['key', 'state']) {
    if (!groups.includes(group)) {
      throw new RecognizerError(`${name}: the pattern has no named group "${group}"`);
    }
  }
  const states = stateTable(config, name);
  return {
    sender: config.sender,
    recognizes: `operator pattern /${config.pattern}/${flags}`,
    match: ({ text }) => {
      const found = pattern.exec(text.slice(0, MAX_OPERATOR_INPUT))?.groups;
      const subject = found?.key?.trim();
      if (!subject) return undefined;
      const state = found?.state;
      const normalized = state === undefined ? undefined : fold(state, config.ignoreCase);
      return { subject, state: (normalized && states.get(normalized)) || 'neither' };
    },
  };
}

function compile(source: string, flags: string, name: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RecognizerError(`${name}: the pattern is not a valid regular expression (${reason})`);
  }
}

function stateTable(config: OperatorRecognizerConfig, name: string): Map<string, LifecycleState> {
  const table = new Map<string, LifecycleState>();
  for (const state of ['open', 'resolved'] as const) {
    for (const value of config.states[state] ?? []) {
      const folded = fold(value, config.ignoreCase);
      if (table.has(folded) && table.get(folded) !== state) {
        throw new RecognizerError(`${name}: the state "${value}" is listed as open and resolved`);
      }
      table.set(folded, state);
    }
  }
  if (table.size === 0) {
    throw new RecognizerError(`${name}: states lists no value for open nor resolved`);
  }
  return table;
}

function fold(value: string, ignoreCase: boolean | undefined): string {
  return ignoreCase ? value.toLowerCase() : value;
}
