import type { Card } from '../hipchat/notificationSchema.js';
import { allowedUrl, IMAGE_SCHEMES } from './allowedUrl.js';
import type { TextBudget } from './createTextBudget.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { htmlToMrkdwn } from './htmlToMrkdwn.js';
import { mrkdwnLink } from './mrkdwnLink.js';
import type {
  ContextBlock,
  ImageElement,
  MrkdwnText,
  SectionBlock,
  SlackBlock,
} from './SlackBlock.js';
import { splitMrkdwn } from './splitMrkdwn.js';
import { textMessageToMrkdwn } from './textMessageToMrkdwn.js';
import type { TextRule } from './textToMrkdwn.js';

/** Slack: a section's text and each mrkdwn text object hold at most 3,000 characters. */
export const MAX_SECTION_TEXT = 3_000;
/** Slack: at most 10 fields per section, each at most 2,000 characters. */
const FIELDS_PER_SECTION = 10;
const MAX_FIELD_TEXT = 2_000;
/** Attribute fields shown as fields (10 sections); more continue as text, far from Slack's 50 blocks. */
const MAX_FIELDS = 100;
/** Slack accepts image URLs up to 3,000 characters; icons beyond this are surely not icons. */
const MAX_IMAGE_URL = 1_000;
/** Latest instant `<!date^…>` is given: 9999-12-31 (Grafana sends year-1 "zero" times too). */
const MAX_EPOCH_SECONDS = 253_402_300_799;

const LOZENGES: Readonly<Record<string, string>> = {
  'lozenge-success': ':large_green_circle:',
  'lozenge-error': ':red_circle:',
  'lozenge-current': ':large_yellow_circle:',
  'lozenge-complete': ':large_blue_circle:',
  'lozenge-moved': ':large_purple_circle:',
  lozenge: ':white_circle:',
};

export interface CardContext {
  /** Charged with every piece of text put into blocks. */
  budget: TextBudget;
  /** The text rules for text-format descriptions. */
  rules: readonly TextRule[];
  /** Mrkdwn put in front of the title (the pings), at most a few hundred characters. */
  lead?: string;
}

export interface CardBlocks {
  /** The card's title (linked to its `url`) with its thumbnail as accessory. */
  header: SectionBlock;
  /** Description sections, attribute fields, and a context line (icons, activity, date). */
  details: SlackBlock[];
  /**
   * What did not fit Slack's block limits, in order, as mrkdwn lines (`*label*: value` for an
   * attribute); `''` when everything fit. The caller shows it after the blocks, never drops it.
   */
  overflow: string;
}

/**
 * Renders a HipChat card as Block Kit: a header section with the title — bold, linked to the
 * card's `url` when that is a web URL — and the thumbnail as image accessory; then the
 * description (html or text, translated like a message), the attributes as section fields
 * (`*label*` over the value, linked when it has a URL, a colored dot for lozenge styles), and a
 * context line with the card and activity icons, the activity text and the date (`<!date^…>`,
 * shown in each reader's zone).
 *
 * All text is escaped exactly once and charged to `budget`, so a hostile card cannot push the
 * message past Slack's block limits; nothing is cut to get there. From the first piece that
 * does not fit (a field over 2,000 characters, the hundred-and-first attribute, a budget spent)
 * the rest of the card's content goes to `overflow`, in order. Pure: the date fallback is
 * computed from the date itself, not from a clock.
 *
 * A title link that does not fit its section (a URL of thousands of characters) leaves the
 * title plain and leads the overflow instead.
 *
 * @example
 * const { header, details, overflow } = cardToBlocks(card, { budget: createTextBudget(8_000), rules: [] });
 */
export function cardToBlocks(card: Card, context: CardContext): CardBlocks {
  const { budget, rules, lead = '' } = context;
  const overflow: string[] = [];
  const url = card.url === undefined ? undefined : allowedUrl(card.url, IMAGE_SCHEMES);
  const title = titleMrkdwn(card, url, MAX_SECTION_TEXT - lead.length);
  // A link too long for the title section leads the overflow, so the card's target still arrives.
  if (url !== undefined && !title.linked) overflow.push(mrkdwnLink(url) ?? escapeMrkdwn(url));
  // At most 500 characters, escaped at most 2,502: a title always fits a fresh budget.
  budget.spend(title.text);
  const header: SectionBlock = { type: 'section', text: mrkdwn(lead + title.text) };
  const thumbnail = imageUrl(card.thumbnail?.url);
  if (thumbnail !== undefined) {
    header.accessory = image(thumbnail, collapse(card.title) || 'thumbnail');
  }

  const details: SlackBlock[] = [];
  let spilled = false;
  /** Whether `text` goes into blocks: it fits, and nothing before it spilled over. */
  const fits = (text: string, max: number) => {
    spilled ||= text.length > max || !budget.spend(text);
    return !spilled;
  };

  const description = descriptionMrkdwn(card, rules);
  if (description !== '') {
    // Sections are cut at 3,000 characters: a link nearly that long would be cut in two.
    const sectionSafe = longestLink(description) < MAX_SECTION_TEXT - 100;
    if (fits(description, sectionSafe ? Number.POSITIVE_INFINITY : -1)) {
      for (const piece of splitMrkdwn(description, MAX_SECTION_TEXT)) {
        details.push({ type: 'section', text: mrkdwn(piece) });
      }
    } else {
      overflow.push(description);
    }
  }

  const fields: MrkdwnText[] = [];
  for (const { name, value } of attributeTexts(card)) {
    const field = name === '' ? value : `*${name}*\n${value}`;
    if (fits(field, fields.length < MAX_FIELDS ? MAX_FIELD_TEXT : -1)) fields.push(mrkdwn(field));
    else overflow.push(name === '' ? value : `*${name}*: ${value}`);
  }
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    details.push({ type: 'section', fields: fields.slice(i, i + FIELDS_PER_SECTION) });
  }

  const elements: ContextBlock['elements'] = [];
  const icon = imageUrl(iconUrl(card.icon));
  if (icon !== undefined) elements.push(image(icon, 'icon'));
  const activityIcon = imageUrl(iconUrl(card.activity?.icon));
  if (activityIcon !== undefined && activityIcon !== icon) {
    elements.push(image(activityIcon, 'activity'));
  }
  const activity = card.activity ? htmlToMrkdwn(card.activity.html) : '';
  if (activity !== '') {
    if (fits(activity, MAX_SECTION_TEXT)) elements.push(mrkdwn(activity));
    else overflow.push(activity);
  }
  const date = dateMrkdwn(card.date);
  // The date is the card's metadata, not its content: it stays on the context line.
  if (date !== undefined && budget.spend(date)) elements.push(mrkdwn(date));
  // Icons alone say nothing: a context line needs some text.
  if (elements.some((element) => element.type === 'mrkdwn')) {
    details.push({ type: 'context', elements });
  }
  return { header, details, overflow: overflow.join('\n') };
}

/** The bold title, linked to `url` when the link fits in `room`. */
function titleMrkdwn(
  card: Card,
  url: string | undefined,
  room: number,
): { text: string; linked: boolean } {
  const title = collapse(card.title) || card.style;
  const link = url === undefined ? undefined : mrkdwnLink(url, title);
  if (link?.startsWith('<') && link.length + 2 <= room) return { text: `*${link}*`, linked: true };
  return { text: `*${escapeMrkdwn(title)}*`, linked: false };
}

function descriptionMrkdwn(card: Card, rules: readonly TextRule[]): string {
  const { description } = card;
  if (description === undefined) return '';
  if (typeof description === 'string') return textMessageToMrkdwn(description, rules);
  return description.format === 'html'
    ? htmlToMrkdwn(description.value)
    : textMessageToMrkdwn(description.value, rules);
}

/** The length of the longest `<…>` link in mrkdwn. */
function longestLink(mrkdwn: string): number {
  let longest = 0;
  for (const [link] of mrkdwn.matchAll(/<[^<>]*>/g)) longest = Math.max(longest, link.length);
  return longest;
}

/** Each attribute as its escaped label (`name`, may be empty) and rendered value. */
function attributeTexts(card: Card): { name: string; value: string }[] {
  const texts: { name: string; value: string }[] = [];
  for (const attribute of card.attributes ?? []) {
    const { value } = attribute;
    const label = collapse(value.label);
    const url = value.url === undefined ? undefined : allowedUrl(value.url);
    const linked = url === undefined ? undefined : mrkdwnLink(url, label);
    const lozenge = value.style === undefined ? undefined : LOZENGES[value.style];
    const rendered = [lozenge, linked ?? escapeMrkdwn(label)].filter(Boolean).join(' ');
    const name = escapeMrkdwn(collapse(attribute.label ?? ''));
    if (name === '' && rendered.trim() === '') continue;
    texts.push({ name, value: rendered });
  }
  return texts;
}

/**
 * The card's `date`: Unix seconds (what Grafana sends; HipChat documented no unit). A value
 * past 9999-12-31 as seconds is an instant in milliseconds (JavaScript's `Date.now()`), taken
 * as such; zero, negative (Grafana's zero time) or past 9999 either way shows no date.
 * `<!date^…>` renders in each reader's time zone; the fallback is the same instant in UTC.
 */
function dateMrkdwn(date: number | undefined): string | undefined {
  if (date === undefined || !Number.isFinite(date)) return undefined;
  const seconds = Math.floor(date > MAX_EPOCH_SECONDS ? date / 1000 : date);
  if (seconds <= 0 || seconds > MAX_EPOCH_SECONDS) return undefined;
  const utc = `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time}|${utc}>`;
}

function iconUrl(icon: Card['icon']): string | undefined {
  if (icon === undefined) return undefined;
  return typeof icon === 'string' ? icon : icon.url;
}

function imageUrl(url: string | undefined): string | undefined {
  if (url === undefined || url.length > MAX_IMAGE_URL) return undefined;
  return allowedUrl(url, IMAGE_SCHEMES);
}

function image(url: string, alt: string): ImageElement {
  return { type: 'image', image_url: url, alt_text: escapeMrkdwn(alt.slice(0, 500)) };
}

function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text };
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
