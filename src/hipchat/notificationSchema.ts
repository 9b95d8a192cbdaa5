import * as z from 'zod/mini';

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

/** zod/mini has no `preprocess`: this pipe is what classic zod's was, `fn` first. */
const preprocess = <T extends z.ZodMiniType>(fn: (value: unknown) => unknown, schema: T) =>
  z.pipe(z.transform(fn), schema);

/** `true`, `"True"`, `1`, `"1"` (and their false forms): every spelling legacy clients used. */
const legacyBoolean = preprocess((value) => {
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

const color = preprocess((value) => {
  const lower = lowerCased(value);
  return lower === 'grey' ? 'gray' : lower;
}, z.enum(COLORS));

/** An empty string means "not given": HipchatAPIv2Client always sends `"from": ""`. */
const optionalText = (max: number) =>
  preprocess(
    (value) => (value === '' ? undefined : value),
    z.optional(z.string().check(z.maxLength(max))),
  );

/** HipChat accepted a URL string or `{url, url@2x}` wherever a card has an icon. */
const icon = z.union([z.string(), z.object({ url: z.string(), 'url@2x': z.optional(z.string()) })]);

const cardDescription = z.union([
  z.string().check(z.maxLength(1000)),
  z.object({
    value: z.string().check(z.minLength(1), z.maxLength(1000)),
    format: z._default(preprocess(lowerCased, z.enum(MESSAGE_FORMATS)), 'text'),
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
  style: preprocess(lowerCased, z.enum(CARD_STYLES)),
  title: z.string().check(z.minLength(1), z.maxLength(500)),
  // Grafana sends "1", hipchat-rb users sometimes a number: both identify the card.
  id: z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
  url: z.optional(z.string()),
  format: z.optional(preprocess(lowerCased, z.enum(['compact', 'medium']))),
  description: z.optional(cardDescription),
  icon: z.optional(icon),
  thumbnail: z.optional(
    z.object({
      url: z.string().check(z.maxLength(250)),
      'url@2x': z.optional(z.string().check(z.maxLength(250))),
      width: z.optional(z.number()),
      height: z.optional(z.number()),
    }),
  ),
  activity: z.optional(z.object({ html: z.string(), icon: z.optional(icon) })),
  attributes: z.optional(
    z.array(
      z.object({
        label: z.optional(z.string().check(z.maxLength(50))),
        value: z.object({
          label: z.string(),
          url: z.optional(z.string()),
          style: z.optional(preprocess(lowerCased, z.enum(ATTRIBUTE_STYLES))),
          icon: z.optional(icon),
        }),
      }),
    ),
  ),
  // Grafana sends Unix seconds; not in HipChat's schema, kept for rendering.
  date: z.optional(z.number()),
});

export type Card = z.infer<typeof cardSchema>;

/** Drops `null` values: HipchatAPIv2Client sends `"id": null, "date": null`, others `"from": null`. */
const withoutNulls = (value: unknown) =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).includes(null)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
    : value;

export const MAX_MESSAGE_LENGTH = 10_000;

export const notificationSchema = preprocess(
  withoutNulls,
  z.object({
    message: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_LENGTH)),
    color: z._default(color, 'yellow'),
    message_format: z._default(preprocess(lowerCased, z.enum(MESSAGE_FORMATS)), 'html'),
    notify: z._default(legacyBoolean, false),
    from: optionalText(64),
    attach_to: optionalText(36),
    card: z.optional(preprocess(withoutNulls, cardSchema)),
  }),
);

/** A validated room notification, defaults applied. */
export type Notification = z.infer<typeof notificationSchema>;
