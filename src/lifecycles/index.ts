/**
 * Alert lifecycles: which alert a notification belongs to (a key: room + sender + subject) and
 * where it leaves it (open, resolved, neither), from a table of recognizers of real senders plus
 * an operator's own. Pure: no I/O, no clock.
 *
 * @example
 * const lifecycle = recognizeLifecycle(notification, room);
 * // { key, state: 'open' | 'resolved' | 'neither', sender, subject } or undefined
 */
export { lifecycleKey, MAX_KEY_LENGTH } from './lifecycleKey.js';
export { RECOGNIZERS } from './RECOGNIZERS.js';
export type {
  Lifecycle,
  LifecycleState,
  Recognition,
  Recognizer,
  RecognizerInput,
} from './Recognizer.js';
export { recognizeLifecycle } from './recognizeLifecycle.js';
export { MAX_RECOGNIZED_LENGTH } from './recognizerInput.js';
