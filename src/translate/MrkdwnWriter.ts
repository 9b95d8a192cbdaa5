/** Zero-width space: lets Slack see a word boundary next to a formatting marker. */
const BOUNDARY = '\u200b';

/** Characters next to which Slack does not recognise a `*`, `_`, `~` or `` ` `` marker. */
const JOINING = /[\p{L}\p{N}_*~`]/u;

/** Whitespace HTML collapses (ASCII only: U+00A0 and friends are kept, as browsers do). */
const COLLAPSIBLE = /[ \t\n\r\f]+/;

interface Emphasis {
  readonly mark: string;
  /** Whether the opening marker has been written on the current line. */
  open: boolean;
}

/**
 * Accumulates Slack text the way a browser lays out inline content: runs of whitespace
 * collapse to one space, spaces at line starts and ends vanish, block boundaries become at
 * most the requested number of line breaks, and nothing leads or trails the result.
 *
 * Formatting markers are written lazily: an opening `*` is emitted only right before the
 * first visible character inside it and closed before any line break (Slack markers do not
 * span lines), so empty or whitespace-only emphasis produces no markers, and whitespace at
 * the edges of an element lands outside its markers. Where a marker would touch a letter,
 * digit or another marker (`foo*bar*baz`), Slack would not render it, so a zero-width space
 * is inserted — a pragmatic, invisible word boundary.
 *
 * Internal to the HTML renderer; text passed to `text()` is escaped with the `escapeText`
 * function given at construction, tokens passed to `token()`/`verbatim()` are written as is.
 *
 * @example
 * const writer = new MrkdwnWriter(escapeMrkdwn);
 * writer.text('status:');
 * writer.pushEmphasis('*');
 * writer.text(' OK ');
 * writer.popEmphasis();
 * writer.text('now');
 * writer.finish(); // 'status: *OK* now'
 */
export class MrkdwnWriter {
  #out = '';
  /** Collapsible gap before the next content: '', a space, or a table cell separator. */
  #gap = '';
  /** Non-collapsible spaces (U+00A0 …) before the next content. */
  #hardGap = '';
  #newlines = 0;
  #atLineStart = true;
  /** Whether the last thing written was a closing marker. */
  #justClosed = false;
  /** Indentation of the current block's lines (list item continuation lines). */
  #prefix = '';
  /** A list marker waiting for the first line of its item. */
  #marker: string | undefined;
  readonly #emphasis: Emphasis[] = [];
  readonly #escapeText: (text: string) => string;

  constructor(escapeText: (text: string) => string) {
    this.#escapeText = escapeText;
  }

  /** Source text: collapses whitespace, escapes, and writes it. */
  text(raw: string): void {
    for (const [index, piece] of raw.split(COLLAPSIBLE).entries()) {
      if (index > 0) this.space();
      // Non-ASCII spaces (U+00A0 …) are content for layout but must not open markers.
      for (const part of piece.split(/(\s+)/u)) {
        if (part === '') continue;
        if (/^\s/u.test(part)) this.#hardGap += part;
        else this.#write(this.#escapeText(part), true);
      }
    }
  }

  /** A finished piece of output (a link) that counts as visible content. */
  token(text: string): void {
    if (text !== '') this.#write(text, true);
  }

  /** A finished block (a code block): written without opening formatting markers. */
  verbatim(text: string): void {
    if (text !== '') this.#write(text, false);
  }

  /** A collapsible space before the next content (no-op at a line start). */
  space(): void {
    if (this.#gap === '') this.#gap = ' ';
  }

  /** A separator (between table cells) written only between two pieces of content on a line. */
  separator(text: string): void {
    this.#gap = text;
  }

  /** A hard line break (`<br>`): these add up. */
  lineBreak(): void {
    this.#newlines += 1;
  }

  /** A block boundary: at least `count` line breaks before the next content; these merge. */
  blockBreak(count: number): void {
    this.#newlines = Math.max(this.#newlines, count);
  }

  hasEmphasis(mark: string): boolean {
    return this.#emphasis.some((e) => e.mark === mark);
  }

  pushEmphasis(mark: string): void {
    this.#emphasis.push({ mark, open: false });
  }

  popEmphasis(): void {
    const emphasis = this.#emphasis.pop();
    if (emphasis?.open) {
      this.#out += emphasis.mark;
      this.#justClosed = true;
    }
  }

  /**
   * Starts a list item: `marker` opens its first line, `continuation` indents the rest.
   * Returns the previous indentation for `endListItem`.
   */
  beginListItem(marker: string, continuation: string): string {
    const previous = this.#prefix;
    this.#marker = marker;
    this.#prefix = continuation;
    return previous;
  }

  endListItem(previous: string): void {
    // An empty item shows no bullet.
    this.#marker = undefined;
    this.#prefix = previous;
  }

  /** The indentation lines of the current block start with. */
  get prefix(): string {
    return this.#prefix;
  }

  /** The text written so far (pending breaks and gaps are dropped: nothing trails). */
  finish(): string {
    for (let i = this.#emphasis.length - 1; i >= 0; i -= 1) {
      const emphasis = this.#emphasis[i];
      if (emphasis?.open) this.#out += emphasis.mark;
    }
    return this.#out;
  }

  #write(content: string, openEmphasis: boolean): void {
    let abutting = true;
    if (this.#newlines > 0 && this.#out !== '') {
      this.#closeOpenEmphasis();
      this.#out += '\n'.repeat(this.#newlines);
      this.#atLineStart = true;
    }
    this.#newlines = 0;
    if (this.#atLineStart) {
      // A line start is a word boundary for Slack; keep the indentation and any hard spaces.
      this.#out += (this.#marker ?? this.#prefix) + this.#hardGap;
      abutting = false;
      this.#marker = undefined;
      this.#atLineStart = false;
    } else if (this.#gap !== '' || this.#hardGap !== '') {
      this.#out += this.#gap + this.#hardGap;
      abutting = false;
    }
    this.#gap = '';
    this.#hardGap = '';

    const opening = openEmphasis ? this.#emphasis.filter((e) => !e.open) : [];
    const next = opening[0]?.mark ?? content[0] ?? '';
    const previous = this.#out.at(-1) ?? '';
    if (
      abutting &&
      ((this.#justClosed && JOINING.test(next)) || (opening.length > 0 && JOINING.test(previous)))
    ) {
      this.#out += BOUNDARY;
    }
    for (const emphasis of opening) {
      this.#out += emphasis.mark;
      emphasis.open = true;
    }
    this.#out += content;
    this.#justClosed = false;
  }

  #closeOpenEmphasis(): void {
    for (let i = this.#emphasis.length - 1; i >= 0; i -= 1) {
      const emphasis = this.#emphasis[i];
      if (emphasis?.open) {
        this.#out += emphasis.mark;
        emphasis.open = false;
      }
    }
    this.#justClosed = false;
  }
}
