const CODE_FENCE = '```';
/** What starts a quoted line in escaped mrkdwn (`> `). */
const QUOTE = '&gt; ';

/** How a piece's size is counted: UTF-16 units (Slack's block limits) or UTF-8 bytes. */
export type SizeUnit = 'utf16' | 'utf8';

export interface SplitOptions {
  /** `utf16` (default) for Block Kit limits, `utf8` for Slack's cut of attachment text. */
  unit?: SizeUnit;
  /**
   * How far past `max` a piece may run to keep a link that starts it whole (default 0: a link
   * longer than a whole piece is cut). Only where `max` has a margin below the real limit.
   */
  stretch?: number;
}

/**
 * Splits escaped Slack text into pieces of at most `max` characters (a section block takes
 * 3,000) or, with `unit: 'utf8'`, `max` UTF-8 bytes (Slack cuts attachment text near 8,000
 * bytes). Cuts fall on a line break where the piece has one, else on a space, and never go
 * through a link `<url|label>` (a piece may run up to `stretch` past `max` to finish one), an entity
 * (`&amp;`) or a surrogate pair. A ``` block cut in two is closed at the end of one piece and
 * reopened in the next, and a quoted line cut in two keeps its quote mark, so each piece renders
 * on its own. Nothing is dropped: without fences and quotes, joined, the pieces are the text.
 *
 * Known limit: a single line longer than a piece is cut at a space, and emphasis open across
 * that cut (`*…*`) shows as stray markers; no valid message has a line near 6,000 bytes of
 * bold text in practice, and the words still all arrive.
 *
 * @example
 * splitMrkdwn('line one\nline two', 10); // ['line one\n', 'line two']
 * splitMrkdwn('é'.repeat(2_000), 3_000, { unit: 'utf8' }).map(utf8Length); // [2990, 1010]
 */
export function splitMrkdwn(text: string, max: number, options: SplitOptions = {}): string[] {
  const { unit = 'utf16', stretch = 0 } = options;
  const size = unit === 'utf8' ? utf8Length : (piece: string) => piece.length;
  const prefixIndex =
    unit === 'utf8' ? utf8Prefix : (piece: string, room: number) => Math.min(room, piece.length);
  const fence = CODE_FENCE.length + 1;
  // Room for the cut's line break, a reopening fence or a repeated quote mark, a closing fence.
  const limit = Math.max(16, max - 1 - QUOTE.length - fence);
  const pieces: string[] = [];
  let rest = text;
  let inCode = false;
  let quote = '';
  let atLineStart = true;
  while (rest !== '') {
    let piece = rest;
    const lead = (inCode ? `${CODE_FENCE}\n` : '') + quote;
    if (size(lead + rest) > max) {
      let cut = safeCut(rest, prefixIndex(rest, limit), prefixIndex(rest, limit + stretch));
      // The line break or space cut at ends this piece, where it is invisible.
      if (rest[cut] === '\n' || rest[cut] === ' ') cut += 1;
      piece = rest.slice(0, cut);
      rest = rest.slice(cut);
    } else {
      rest = '';
    }
    let out = lead + piece;
    const fences = piece.split(CODE_FENCE).length - 1;
    if (fences % 2 === 1) inCode = !inCode;
    if (inCode && rest !== '') out += `\n${CODE_FENCE}`;
    // A line cut in two stays quoted (inside code a `&gt; ` is content, not a quote mark).
    quote = inCode || piece.endsWith('\n') ? '' : quoteOfLastLine(piece, quote, atLineStart);
    atLineStart = piece.endsWith('\n');
    if (out.trim() !== '') pieces.push(out);
  }
  return pieces;
}

/** The UTF-8 length of `text`, as Slack's servers count it. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix length (in UTF-16 units) of `text` that fits in `bytes` UTF-8 bytes. */
function utf8Prefix(text: string, bytes: number): number {
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.codePointAt(index) ?? 0;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used + width > bytes) break;
    used += width;
    index += code >= 0x10000 ? 2 : 1;
  }
  return index;
}

/**
 * The quote mark the piece's last line carries: `inherited` when that line began in an earlier
 * piece (the piece has no line break and did not start a line).
 */
function quoteOfLastLine(piece: string, inherited: string, startsLine: boolean): string {
  const lineStart = piece.lastIndexOf('\n') + 1;
  if (lineStart === 0 && !startsLine) return inherited;
  return piece.startsWith(QUOTE, lineStart) ? QUOTE : '';
}

/** How many emphasis markers (`*`, `_`, `~`) close right at `index`. */
function closingMarkers(text: string, index: number): number {
  let end = index;
  while (end < index + 3 && '*_~'.includes(text[end] ?? ' ')) end += 1;
  return end - index;
}

/** Where to cut `text` at or before `limit` (or up to `stretchLimit` to finish a link). */
function safeCut(text: string, limit: number, stretchLimit: number): number {
  let cut = text.lastIndexOf('\n', limit);
  if (cut <= 0) cut = text.lastIndexOf(' ', limit);
  if (cut <= 0) cut = limit;
  // A space right before a long link, after little else (`• `, `&gt; `, `see `): a piece of
  // that little would be pointless, so this piece finishes the link if the stretch allows.
  if (text[cut] === ' ' && text[cut + 1] === '<' && cut < limit / 4) {
    const close = text.indexOf('>', cut + 1);
    if (close !== -1 && close < stretchLimit) cut = close + 1 + closingMarkers(text, close + 1);
  }
  const head = text.slice(0, cut);
  const openLink = head.lastIndexOf('<');
  if (openLink > head.lastIndexOf('>')) {
    // The cut falls inside a link: finish it (and the markers closing around it) in this piece
    // if the stretch allows, so `*`, `• ` or `see ` is not left alone; else leave it whole for
    // the next piece.
    const close = text.indexOf('>', openLink);
    if (close !== -1 && close < stretchLimit) cut = close + 1 + closingMarkers(text, close + 1);
    else if (openLink > 0) cut = openLink;
  }
  const entity = text.lastIndexOf('&', cut - 1);
  if (entity >= 0 && entity > cut - 5 && !text.slice(entity, cut).includes(';')) cut = entity;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}
