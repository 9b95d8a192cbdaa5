const CODE_FENCE = '```';

/** How a piece's size is counted: UTF-16 units (Slack's block limits) or UTF-8 bytes. */
export type SizeUnit = 'utf16' | 'utf8';

/**
 * Splits escaped Slack text into pieces of at most `max` characters (a section block takes
 * 3,000) or, with `unit: 'utf8'`, `max` UTF-8 bytes (Slack cuts attachment text near 8,000
 * bytes). Cuts prefer line breaks, then spaces, and never go through a link `<url|label>`, an
 * entity (`&amp;`) or a surrogate pair. A ``` block cut in two is closed at the end of one piece
 * and reopened in the next, so each piece renders on its own. Nothing is dropped or added
 * beyond those fences: joined, the pieces are the text.
 *
 * @example
 * splitMrkdwn('line one\nline two', 10); // ['line one', 'line two']
 * splitMrkdwn('é'.repeat(10), 10, 'utf8'); // ['ééééé', 'ééééé']
 */
export function splitMrkdwn(text: string, max: number, unit: SizeUnit = 'utf16'): string[] {
  const size = unit === 'utf8' ? utf8Length : (piece: string) => piece.length;
  const fence = CODE_FENCE.length + 1;
  // Room for a closing and a reopening fence.
  const limit = Math.max(16, max - 2 * fence);
  const pieces: string[] = [];
  let rest = text;
  let inCode = false;
  while (rest !== '') {
    let piece = rest;
    if ((inCode ? fence : 0) + size(rest) > max) {
      let cut = safeCut(rest, unit === 'utf8' ? utf8Prefix(rest, limit) : limit);
      // The line break or space cut at ends this piece, where it is invisible.
      if (rest[cut] === '\n' || rest[cut] === ' ') cut += 1;
      piece = rest.slice(0, cut);
      rest = rest.slice(cut);
    } else {
      rest = '';
    }
    let out = inCode ? `${CODE_FENCE}\n${piece}` : piece;
    const fences = piece.split(CODE_FENCE).length - 1;
    if (fences % 2 === 1) inCode = !inCode;
    if (inCode && rest !== '') out += `\n${CODE_FENCE}`;
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

function safeCut(text: string, limit: number): number {
  let cut = text.lastIndexOf('\n', limit);
  if (cut < limit / 2) cut = text.lastIndexOf(' ', limit);
  if (cut < limit / 2) cut = limit;
  const head = text.slice(0, cut);
  const openLink = head.lastIndexOf('<');
  if (openLink > head.lastIndexOf('>') && openLink > 0) cut = openLink;
  const entity = text.lastIndexOf('&', cut - 1);
  if (entity >= 0 && entity > cut - 5 && !text.slice(entity, cut).includes(';')) cut = entity;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}
