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
/** The title section keeps room for a notify ping (`<!channel> `) put in front of it. */
const MAX_HEADER_TEXT = MAX_SECTION_TEXT - 20;
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
 * @example
 * const { header, details, overflow } = cardToBlocks(card, { budget: createTextBudget(8_000), rules: [] });
 */
export function cardToBlocks(
  card: Card,
  context: { budget: TextBudget; rules: readonly TextRule[] },
): CardBlocks {
  const { budget, rules } = context;
  // At most 500 characters, escaped at most 2,502: a title always fits a fresh budget.
  const title = titleMrkdwn(card);
  budget.spend(title);
  const header: SectionBlock = { type: 'section', text: mrkdwn(title) };
  const thumbnail = imageUrl(card.thumbnail?.url);
  if (thumbnail !== undefined) {
    header.accessory = image(thumbnail, collapse(card.title) || 'thumbnail');
  }

  const details: SlackBlock[] = [];
  const overflow: string[] = [];
  /** Whether `text` goes into blocks: it fits, and nothing before it overflowed. */
  const fits = (text: string, max: number) =>
    overflow.length === 0 && text.length <= max && budget.spend(text);

  const description = descriptionMrkdwn(card, rules);
  if (description !== '') {
    if (fits(description, Number.POSITIVE_INFINITY)) {
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
    if (fields.length < MAX_FIELDS && fits(field, MAX_FIELD_TEXT)) fields.push(mrkdwn(field));
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

function titleMrkdwn(card: Card): string {
  const title = collapse(card.title) || card.style;
  const url = card.url === undefined ? undefined : allowedUrl(card.url, IMAGE_SCHEMES);
  const link = url === undefined ? undefined : mrkdwnLink(url, title);
  // A link too long for the section would be cut: the title alone is better.
  if (link !== undefined && link.length + 2 <= MAX_HEADER_TEXT) return `*${link}*`;
  return `*${escapeMrkdwn(title)}*`;
}

function descriptionMrkdwn(card: Card, rules: readonly TextRule[]): string {
  const { description } = card;
  if (description === undefined) return '';
  if (typeof description === 'string') return textMessageToMrkdwn(description, rules);
  return description.format === 'html'
    ? htmlToMrkdwn(description.value)
    : textMessageToMrkdwn(description.value, rules);
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

/** `<!date^…>` renders in each reader's time zone; the fallback is the same instant in UTC. */
function dateMrkdwn(date: number | undefined): string | undefined {
  if (date === undefined || !Number.isFinite(date)) return undefined;
  const seconds = Math.floor(date);
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
