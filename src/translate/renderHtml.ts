import { allowedUrl, IMAGE_SCHEMES } from './allowedUrl.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { MrkdwnWriter } from './MrkdwnWriter.js';
import { mrkdwnLink } from './mrkdwnLink.js';
import { type HtmlElement, type HtmlNode, parseHtml } from './parseHtml.js';

/** `mrkdwn`: Slack-formatted and escaped. `plain`: unformatted and unescaped (for fallbacks). */
export type HtmlRenderStyle = 'mrkdwn' | 'plain';

/** Not content: never shown by a browser, or unsafe to show. Dropped while parsing. */
const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
]);

const EMPHASIS = new Map([
  ['b', '*'],
  ['strong', '*'],
  ['i', '_'],
  ['em', '_'],
  ['s', '~'],
  ['strike', '~'],
  ['del', '~'],
]);

const INLINE_CODE = new Set(['code', 'kbd', 'samp', 'tt']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Blocks a browser separates with a margin: a blank line. */
const PARAGRAPHS = new Set(['p', 'hr', 'blockquote']);
/** Blocks a browser starts on a new line. */
const LINES = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'address',
  'figure',
  'figcaption',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'form',
  'fieldset',
  'legend',
  'center',
  'table',
  'caption',
]);

/** Bullets by nesting depth, so nested lists stay distinguishable without indentation. */
const BULLETS = ['•', '◦', '▪'] as const;
const CODE_FENCE = '```';

interface List {
  readonly ordered: boolean;
  next: number;
}

/**
 * Renders HTML as Slack mrkdwn (or plain text) — the shared walker behind `htmlToMrkdwn` and
 * `htmlToPlainText`, so the fallback text always says what the formatted text says.
 *
 * @example
 * renderHtml('<b>Build</b> <a href="https://ci/1">#1</a>', 'mrkdwn'); // '*Build* <https://ci/1|#1>'
 * renderHtml('<b>Build</b> <a href="https://ci/1">#1</a>', 'plain');  // 'Build #1 (https://ci/1)'
 */
export function renderHtml(html: string, style: HtmlRenderStyle): string {
  const renderer = new HtmlRenderer(style);
  renderer.nodes(parseHtml(html, DROPPED));
  return renderer.writer.finish();
}

class HtmlRenderer {
  readonly writer: MrkdwnWriter;
  readonly #mrkdwn: boolean;
  readonly #lists: List[] = [];
  /** Cells seen in each open table row (innermost last). */
  readonly #rows: number[] = [];
  /** Inside inline code Slack shows markers and links literally: emit none. */
  #inCode = false;

  constructor(style: HtmlRenderStyle) {
    this.#mrkdwn = style === 'mrkdwn';
    this.writer = new MrkdwnWriter(this.#mrkdwn ? escapeMrkdwn : (text) => text);
  }

  nodes(nodes: readonly HtmlNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') this.writer.text(node.text);
      else this.#element(node);
    }
  }

  #element(element: HtmlElement): void {
    const { name } = element;
    const mark = EMPHASIS.get(name);
    if (mark !== undefined) this.#emphasis(element, mark);
    else if (INLINE_CODE.has(name)) this.#code(element);
    else if (HEADINGS.has(name)) this.#block(element, 2, '*');
    else if (PARAGRAPHS.has(name)) this.#block(element, 2);
    else if (LINES.has(name)) this.#block(element, 1);
    else if (name === 'br') this.writer.lineBreak();
    else if (name === 'a') this.#link(element);
    else if (name === 'img') this.#image(element);
    else if (name === 'pre') this.#pre(element);
    else if (name === 'ul' || name === 'ol') this.#list(element);
    else if (name === 'li') this.#listItem(element);
    else if (name === 'tr') this.#row(element);
    else if (name === 'td' || name === 'th') this.#cell(element);
    // Unknown or presentational tags (span, font, u, …) are reduced to their content.
    else this.nodes(element.children);
  }

  #emphasis(element: HtmlElement, mark: string): void {
    // Nested identical markers would cancel each other out in Slack.
    const apply = this.#mrkdwn && !this.#inCode && !this.writer.hasEmphasis(mark);
    if (apply) this.writer.pushEmphasis(mark);
    this.nodes(element.children);
    if (apply) this.writer.popEmphasis();
  }

  #code(element: HtmlElement): void {
    // Slack has no escape for a backtick inside code: rather than alter the text, skip the
    // code formatting for such spans.
    if (!this.#mrkdwn || this.#inCode || textContent(element).includes('`')) {
      this.nodes(element.children);
      return;
    }
    this.writer.pushEmphasis('`');
    this.#inCode = true;
    this.nodes(element.children);
    this.#inCode = false;
    this.writer.popEmphasis();
  }

  #block(element: HtmlElement, breaks: number, mark?: string): void {
    this.writer.blockBreak(breaks);
    if (mark === undefined) this.nodes(element.children);
    else this.#emphasis(element, mark);
    this.writer.blockBreak(breaks);
  }

  #link(element: HtmlElement): void {
    const href = element.attributes.href;
    const url = href === undefined || this.#inCode ? undefined : allowedUrl(href);
    if (url === undefined) {
      this.nodes(element.children);
      return;
    }
    const label = textContent(element);
    const text = collapse(label);
    const link = this.#mrkdwn ? mrkdwnLink(url, text) : plainLink(url, text);
    if (link === undefined) {
      this.nodes(element.children);
      return;
    }
    if (/^[ \t\n\r\f]/.test(label)) this.writer.space();
    // Slack's clients do not render formatting inside a label reliably (reference/slack-api.md
    // §7), but `*<url|label>*` everywhere: formatting around the whole label moves outside.
    const marks = this.#mrkdwn
      ? wrappingMarks(element).filter((mark) => !this.writer.hasEmphasis(mark))
      : [];
    for (const mark of marks) this.writer.pushEmphasis(mark);
    this.writer.token(link);
    for (const _ of marks) this.writer.popEmphasis();
    if (/[ \t\n\r\f]$/.test(label)) this.writer.space();
  }

  #image(element: HtmlElement): void {
    const alt = collapse(element.attributes.alt ?? '');
    const src = this.#inCode ? undefined : allowedUrl(element.attributes.src ?? '', IMAGE_SCHEMES);
    const link =
      src === undefined
        ? undefined
        : this.#mrkdwn
          ? mrkdwnLink(src, alt, IMAGE_SCHEMES)
          : plainLink(src, alt);
    if (link === undefined) this.writer.text(alt);
    else this.writer.token(link);
  }

  #pre(element: HtmlElement): void {
    const content = preformattedText(element)
      .replace(/\r\n?/g, '\n')
      // Browsers drop the newline right after <pre>.
      .replace(/^\n/, '')
      .trimEnd();
    if (content.trim() === '') return;
    this.writer.blockBreak(1);
    // A fence inside the content would end the block early; show such blocks unfenced.
    if (this.#mrkdwn && !content.includes(CODE_FENCE)) {
      this.writer.verbatim(`${CODE_FENCE}\n${escapeMrkdwn(content)}\n${CODE_FENCE}`);
    } else {
      this.writer.verbatim(this.#mrkdwn ? escapeMrkdwn(content) : content);
    }
    this.writer.blockBreak(1);
  }

  #list(element: HtmlElement): void {
    const start = Number.parseInt(element.attributes.start ?? '', 10);
    this.#lists.push({
      ordered: element.name === 'ol',
      next: Number.isSafeInteger(start) ? start : 1,
    });
    this.writer.blockBreak(1);
    this.nodes(element.children);
    this.writer.blockBreak(1);
    this.#lists.pop();
  }

  #listItem(element: HtmlElement): void {
    const list = this.#lists.at(-1);
    const depth = Math.max(0, this.#lists.length - 1);
    let bullet: string = BULLETS[depth % BULLETS.length] ?? '•';
    if (list?.ordered) {
      bullet = `${list.next}.`;
      list.next += 1;
    }
    const indent = this.writer.prefix;
    const marker = `${bullet} `;
    this.writer.blockBreak(1);
    const previous = this.writer.beginListItem(indent + marker, indent + ' '.repeat(marker.length));
    this.nodes(element.children);
    this.writer.blockBreak(1);
    this.writer.endListItem(previous);
  }

  #row(element: HtmlElement): void {
    this.writer.blockBreak(1);
    this.#rows.push(0);
    this.nodes(element.children);
    this.#rows.pop();
    this.writer.blockBreak(1);
  }

  #cell(element: HtmlElement): void {
    const cells = this.#rows.at(-1);
    if (cells !== undefined) {
      if (cells > 0) this.writer.separator(' | ');
      this.#rows[this.#rows.length - 1] = cells + 1;
    }
    this.nodes(element.children);
  }
}

/** Presentational wrappers a label's formatting may sit inside (`<a><span><b>…`). */
const TRANSPARENT = new Set(['span', 'font', 'u']);

/**
 * The emphasis markers that wrap all of a link's visible content (`<a><b><i>x</i></b></a>` →
 * `*`, `_`); partial formatting (`<a>Build <b>42</b></a>`) wraps nothing and is dropped.
 */
function wrappingMarks(link: HtmlElement): string[] {
  const marks: string[] = [];
  let node = link;
  for (;;) {
    const content = node.children.filter(
      (child) => child.type !== 'text' || child.text.trim() !== '',
    );
    const only = content[0];
    if (content.length !== 1 || only === undefined || only.type === 'text') return marks;
    const mark = EMPHASIS.get(only.name);
    if (mark === undefined && !TRANSPARENT.has(only.name)) return marks;
    if (mark !== undefined && !marks.includes(mark)) marks.push(mark);
    node = only;
  }
}

/** `label (url)`, or just the URL when the label is empty or the URL itself. */
function plainLink(url: string, label: string): string {
  return label === '' || label === url ? url : `${label} (${url})`;
}

/** Whitespace-collapsed, trimmed text. */
function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

/** The visible text of an element (images by their alt text), for link labels. */
function textContent(node: HtmlNode): string {
  if (node.type === 'text') return node.text;
  if (node.name === 'img') return node.attributes.alt ?? '';
  if (node.name === 'br') return ' ';
  return node.children.map(textContent).join('');
}

/** The text of a `<pre>` as laid out: whitespace kept, `<br>` as a newline. */
function preformattedText(node: HtmlNode): string {
  if (node.type === 'text') return node.text;
  if (node.name === 'img') return node.attributes.alt ?? '';
  if (node.name === 'br') return '\n';
  return node.children.map(preformattedText).join('');
}
