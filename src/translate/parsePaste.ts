/** A HipChat "paste": a text message that starts with `/code` or `/quote`. */
export interface Paste {
  readonly kind: 'code' | 'quote';
  /** The message after the prefix. */
  readonly content: string;
}

/**
 * Recognises HipChat's paste prefixes (`/code …`, `/quote …`, alone or followed by a line
 * break), or returns `undefined` for an ordinary message.
 *
 * @example
 * parsePaste('/code SELECT 1;'); // { kind: 'code', content: 'SELECT 1;' }
 * parsePaste('deploy /code');    // undefined
 */
export function parsePaste(text: string): Paste | undefined {
  const paste = /^[ \t]*\/(code|quote)(?:[ \t]+|\r?\n)/.exec(text);
  if (paste === null) return undefined;
  return { kind: paste[1] === 'code' ? 'code' : 'quote', content: text.slice(paste[0].length) };
}
