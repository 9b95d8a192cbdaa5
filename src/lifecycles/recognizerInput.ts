import type { Notification } from '../hipchat/notificationSchema.js';
import type { RecognizerInput } from './Recognizer.js';

/** How much of a message recognizers read: markers and subjects are at its start. */
export const MAX_RECOGNIZED_LENGTH = 2_000;

/**
 * The text recognizers read: an html message rendered as plain text by `htmlToText` (the
 * translation's own renderer, htmlToPlainText: tags dropped, entities decoded, `<br>` a line break, links `label (url)`), a text
 * message as sent. `firstLine` is the message's first raw line rendered alone, because in HTML
 * a raw newline is only a space (Zabbix sends `subject\nbody` in either format).
 *
 * @example
 * recognizerInput({ message: 'OK: disk full<br>on web01', message_format: 'html', … }, htmlToPlainText).firstLine;
 * // 'OK: disk full'
 */
export function recognizerInput(
  notification: Notification,
  htmlToText: (html: string) => string,
): RecognizerInput {
  const message = notification.message.slice(0, MAX_RECOGNIZED_LENGTH);
  const asText = (raw: string) => (notification.message_format === 'html' ? htmlToText(raw) : raw);
  const text = asText(message);
  const firstLine = firstLineOf(asText(firstLineOf(message)));
  return { notification, text, firstLine };
}

function firstLineOf(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').trim();
}
