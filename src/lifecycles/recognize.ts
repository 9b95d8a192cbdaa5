import type { Notification } from '../hipchat/notificationSchema.js';
import { lifecycleKey } from './lifecycleKey.js';
import type { Lifecycle, Recognizer } from './Recognizer.js';
import { recognizerInput } from './recognizerInput.js';

/**
 * `recognizeLifecycle` with everything given: the recognizers, and the html-to-text renderer an
 * html message is read with. It loads no HTML parser itself, so the sending routes import it
 * on first use and load the parser only for html messages (which translation loads anyway).
 *
 * @example
 * const { htmlToPlainText } = await import('../translate/htmlToPlainText.js');
 * recognize(notification, 'C0123', [...mine, ...RECOGNIZERS], htmlToPlainText);
 */
export function recognize(
  notification: Notification,
  room: string,
  recognizers: readonly Recognizer[],
  htmlToText: (html: string) => string,
): Lifecycle | undefined {
  const input = recognizerInput(notification, htmlToText);
  for (const recognizer of recognizers) {
    const recognized = recognizer.match(input);
    if (recognized === undefined) continue;
    const { subject, state } = recognized;
    return {
      key: lifecycleKey(room, recognizer.sender, subject),
      state,
      sender: recognizer.sender,
      subject,
    };
  }
  return undefined;
}
