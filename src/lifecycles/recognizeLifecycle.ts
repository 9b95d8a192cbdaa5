import type { Notification } from '../hipchat/notificationSchema.js';
import { htmlToPlainText } from '../translate/htmlToPlainText.js';
import { RECOGNIZERS } from './RECOGNIZERS.js';
import type { Lifecycle, Recognizer } from './Recognizer.js';
import { recognize } from './recognize.js';

/**
 * The lifecycle a notification belongs to, or `undefined` when no recognizer knows it: the
 * first recognizer of the list that matches names the sender, the subject and the state, and
 * the key is derived from the room, the sender and the subject (`lifecycleKey`). Pure. Put an
 * operator's recognizers first to let them win: `[...parseOperatorRecognizers(json), ...RECOGNIZERS]`.
 * A convenience for tests and tools: it loads the HTML parser with it. The request path uses
 * `recognize` (src/routes/messageThread.ts), which loads the parser only for html messages.
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
  return recognize(notification, room, recognizers, htmlToPlainText);
}
