import { Parser } from 'htmlparser2';

export interface HtmlElement {
  readonly type: 'element';
  /** Lower-cased tag name. */
  readonly name: string;
  /** Lower-cased attribute names, entity-decoded values. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: HtmlNode[];
}

export interface HtmlText {
  readonly type: 'text';
  /** Entity-decoded text, whitespace as in the source. */
  text: string;
}

export type HtmlNode = HtmlElement | HtmlText;

/**
 * Deeper nesting than this is kept as text of the deepest element: no real message nests this
 * far, and it bounds the recursion of the renderers for hostile input.
 */
export const MAX_HTML_DEPTH = 64;

/**
 * Parses an HTML fragment into a small tree with htmlparser2, which tolerates what legacy
 * clients send (unclosed tags, stray end tags, unquoted attributes) the way browsers do, and
 * decodes named and numeric entities in text and attributes. Comments, doctypes and processing
 * instructions are dropped, and so are elements named in `ignore` with everything inside them
 * (at any depth, even past `MAX_HTML_DEPTH`). The tree is our own so the renderers do not
 * depend on domhandler.
 *
 * @example
 * parseHtml('<b>a &amp; b<script>x</script>', new Set(['script']));
 * // [{ type: 'element', name: 'b', attributes: {}, children: [{ type: 'text', text: 'a & b' }] }]
 */
export function parseHtml(html: string, ignore: ReadonlySet<string> = new Set()): HtmlNode[] {
  const root: HtmlNode[] = [];
  const open: HtmlElement[] = [];
  // Elements not materialised (too deep, or ignored), innermost last: `true` when their
  // content is ignored too. The parser's open/close events are balanced and LIFO.
  const skipped: boolean[] = [];
  let ignoring = 0;
  const siblings = (): HtmlNode[] => open.at(-1)?.children ?? root;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (ignoring > 0 || ignore.has(name) || open.length >= MAX_HTML_DEPTH) {
          const ignored = ignoring > 0 || ignore.has(name);
          skipped.push(ignored);
          if (ignored) ignoring += 1;
          return;
        }
        const element: HtmlElement = { type: 'element', name, attributes, children: [] };
        siblings().push(element);
        open.push(element);
      },
      ontext(text) {
        if (ignoring > 0) return;
        const nodes = siblings();
        const last = nodes.at(-1);
        // The parser may deliver one text run in pieces (around entities): keep it whole.
        if (last?.type === 'text') last.text += text;
        else nodes.push({ type: 'text', text });
      },
      onclosetag() {
        if (skipped.length > 0) {
          if (skipped.pop()) ignoring -= 1;
        } else {
          open.pop();
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return root;
}
