import * as z from 'zod';

/**
 * The body of `POST /v2/room/{id_or_name}/notification`, as HipChat documented it and as
 * real clients send it (reference/hipchat-api.md §3, §6): lenient where clients differ
 * (`notify` as `"true"`/`1`, colors in any case, `grey`, empty `from`, `null`s), strict
 * where HipChat was strict (`message` 1–10,000 characters, the color enumeration).
 */

export const COLORS = ['yellow', 'green', 'red', 'purple', 'gray', 'random'] as const;
export type HipChatColor = (typeof COLORS)[number];

export const MESSAGE_FORMATS = ['html', 'text'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

const TRUE_VALUES = new Set(['true', '1']);
const FALSE_VALUES = new Set(['false', '0', '']);

/** `true`, `"True"`, `1`, `"1"` (and their false forms): every spelling legacy clients used. */
const legacyBoolean = z.preprocess((value) => {
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (TRUE_VALUES.has(lower)) return true;
    if (FALSE_VALUES.has(lower)) return false;
  }
  return value;
}, z.boolean());

const lowerCased = (value: unknown) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const color = z.preprocess((value) => {
  const lower = lowerCased(value);
  return lower === 'grey' ? 'gray' : lower;
}, z.enum(COLORS));

/** An empty string means "not given": HipchatAPIv2Client always sends `"from": ""`. */
const optionalText = (max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.string().max(max).optional());

/** HipChat accepted a URL string or `{url, url@2x}` wherever a card has an icon. */
const icon = z.union([z.string(), z.object({ url: z.string(), 'url@2x': z.string().optional() })]);

const cardDescription = z.union([
  z.string().max(1000),
  z.object({
    value: z.string().min(1).max(1000),
    format: z.preprocess(lowerCased, z.enum(MESSAGE_FORMATS)).default('text'),
  }),
]);

export const CARD_STYLES = ['file', 'image', 'application', 'link', 'media'] as const;
export const ATTRIBUTE_STYLES = [
  'lozenge-success',
  'lozenge-error',
  'lozenge-current',
  'lozenge-complete',
  'lozenge-moved',
  'lozenge',
] as const;

export const cardSchema = z.object({
  style: z.preprocess(lowerCased, z.enum(CARD_STYLES)),
  title: z.string().min(1).max(500),
  // Grafana sends "1", hipchat-rb users sometimes a number: both identify the card.
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  url: z.string().optional(),
  format: z.preprocess(lowerCased, z.enum(['compact', 'medium'])).optional(),
  description: cardDescription.optional(),
  icon: icon.optional(),
  thumbnail: z
    .object({
      url: z.string().max(250),
      'url@2x': z.string().max(250).optional(),
      width: z.number().optional(),
      height: z.number().optional(),
    })
    .optional(),
  activity: z.object({ html: z.string(), icon: icon.optional() }).optional(),
  attributes: z
    .array(
      z.object({
        label: z.string().max(50).optional(),
        value: z.object({
          label: z.string(),
          url: z.string().optional(),
          style: z.preprocess(lowerCased, z.enum(ATTRIBUTE_STYLES)).optional(),
          icon: icon.optional(),
        }),
      }),
    )
    .optional(),
  // Grafana sends Unix seconds; not in HipChat's schema, kept for rendering.
  date: z.number().optional(),
});

export type Card = z.infer<typeof cardSchema>;

/** Drops `null` values: HipchatAPIv2Client sends `"id": null, "date": null`, others `"from": null`. */
const withoutNulls = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
    : value;

export const MAX_MESSAGE_LENGTH = 10_000;

export const notificationSchema = z.preprocess(
  withoutNulls,
  z.object({
    message: z.string().min(1).max(MAX_MESSAGE_LENGTH),
    color: color.default('yellow'),
    message_format: z.preprocess(lowerCased, z.enum(MESSAGE_FORMATS)).default('html'),
    notify: legacyBoolean.default(false),
    from: optionalText(64),
    attach_to: optionalText(36),
    card: z.preprocess(withoutNulls, cardSchema).optional(),
  }),
);

/** A validated room notification, defaults applied. */
export type Notification = z.infer<typeof notificationSchema>;
