import type { Notification } from '../hipchat/notificationSchema.js';
import { lifecycleKey } from './lifecycleKey.js';
import { RECOGNIZERS } from './RECOGNIZERS.js';
import type { Lifecycle, Recognizer } from './Recognizer.js';
import { recognizerInput } from './recognizerInput.js';

/**
 * The lifecycle a notification belongs to, or `undefined` when no recognizer knows it: the
 * first recognizer of the list that matches names the sender, the subject and the state, and
 * the key is derived from the room, the sender and the subject (`lifecycleKey`). Pure. Put an
 * operator's recognizers first to let them win: `[...parseOperatorRecognizers(json), ...RECOGNIZERS]`.
 *
 * @example
 * recognizeLifecycle(parseNotification({ message: '[RESOLVED] HighCPU web', message_format: 'text' }), 'ops');
 * // { key: 'alertmanager/ops/HighCPU web#…', state: 'resolved', sender: 'alertmanager', subject: 'HighCPU web' }
 */
export function recognizeLifecycle(
  notification: Notification,
  room: string,
  recognizers: readonly Recognizer[] = RECOGNIZERS,
): Lifecycle | undefined {
  const input = recognizerInput(notification);
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
