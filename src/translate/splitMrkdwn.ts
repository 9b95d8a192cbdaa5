const CODE_FENCE = '```';

/**
 * Splits escaped Slack text into pieces of at most `max` characters (a section block takes
 * 3,000), preferring line breaks, then spaces, and never cutting a link `<url|label>`, an
 * entity (`&amp;`) or a surrogate pair. A ``` block cut in two is closed at the end of one
 * piece and reopened in the next, so each piece renders on its own.
 *
 * @example
 * splitMrkdwn('line one\nline two', 10); // ['line one', 'line two']
 */
export function splitMrkdwn(text: string, max: number): string[] {
  // Room for a closing and a reopening fence.
  const limit = Math.max(16, max - 2 * (CODE_FENCE.length + 1));
  const pieces: string[] = [];
  let rest = text;
  let inCode = false;
  while (rest !== '') {
    let piece = rest;
    if ((inCode ? CODE_FENCE.length + 1 : 0) + rest.length > max) {
      const cut = safeCut(rest, limit);
      piece = rest.slice(0, cut);
      rest = rest.slice(cut).replace(/^\n/, '');
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
