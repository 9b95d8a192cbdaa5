import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * A link exactly as the translator builds one: an allowed scheme, a URL without whitespace,
 * `|`, `<` or `>`, and an optional label without `<`, `>` or `|`. Anything else starting with
 * `<` in Slack text would be a mention, channel link, or spoofed link.
 */
const BUILT_LINK = /<((?:https?|mailto):[^\s<>|]*)(?:\|([^<>|]*))?>/g;

export interface BuiltLink {
  url: string;
  label: string | undefined;
}

export function linksIn(mrkdwn: string): BuiltLink[] {
  return [...mrkdwn.matchAll(BUILT_LINK)].map((m) => ({ url: m[1] ?? '', label: m[2] }));
}

/**
 * Problems that would let content act as Slack markup: a `<` or `>` outside a built link, or an
 * `&` that is not one of the three entities Slack decodes (a bare `&` followed by `lt;` could be
 * decoded into a `<`).
 */
export function unsafeParts(mrkdwn: string): string[] {
  const problems: string[] = [];
  const rest = mrkdwn.replace(BUILT_LINK, (_, url: string, label: string | undefined) => {
    problems.push(...badAmpersands(url), ...badAmpersands(label ?? ''));
    return '';
  });
  const stray = rest.match(/[<>]/g);
  if (stray) problems.push(`stray ${stray.join('')} in ${JSON.stringify(rest)}`);
  problems.push(...badAmpersands(rest));
  return problems;
}

function badAmpersands(text: string): string[] {
  return /&(?!amp;|lt;|gt;)/.test(text) ? [`bare & in ${JSON.stringify(text)}`] : [];
}

/** Undoes Slack's escaping (the way Slack shows text). */
export function unescapeMrkdwn(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * The Slack link targets an HTML fragment legitimately asks for: every `a[href]` and
 * `img[src]` with an allowed scheme, in the encoding Slack needs. Found with htmlparser2's own
 * DOM, independently of the translator's tree.
 */
export function expectedTargets(html: string): Set<string> {
  const document = parseDocument(html);
  const targets = new Set<string>();
  const add = (value: string | undefined, schemes: string[]) => {
    if (value === undefined) return;
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      return;
    }
    if (!schemes.includes(url.protocol)) return;
    targets.add(
      url.href.replace(/[\s|<>]/gu, (c) => encodeURIComponent(c)).replaceAll('&', '&amp;'),
    );
  };
  for (const a of DomUtils.getElementsByTagName('a', document.children, true)) {
    add(a.attribs.href, ['http:', 'https:', 'mailto:']);
  }
  for (const img of DomUtils.getElementsByTagName('img', document.children, true)) {
    add(img.attribs.src, ['http:', 'https:']);
  }
  return targets;
}
