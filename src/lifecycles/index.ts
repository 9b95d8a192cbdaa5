/**
 * Alert lifecycles: which alert a notification belongs to (a key: room + sender + subject) and
 * where it leaves it (open, resolved, neither), from a table of recognizers of real senders plus
 * an operator's own; and the status line a thread's root shows. Pure: no I/O, no clock.
 *
 * @example
 * const recognizers = [...parseOperatorRecognizers(configJson), ...RECOGNIZERS];
 * const lifecycle = recognizeLifecycle(notification, room, recognizers);
 * // { key, state: 'open' | 'resolved' | 'neither', sender, subject } or undefined
 */
export { lifecycleKey, MAX_KEY_LENGTH } from './lifecycleKey.js';
export {
  MAX_OPERATOR_INPUT,
  type OperatorRecognizerConfig,
  parseOperatorRecognizers,
} from './parseOperatorRecognizers.js';
export { RECOGNIZERS } from './RECOGNIZERS.js';
export type {
  Lifecycle,
  LifecycleState,
  Recognition,
  Recognizer,
  RecognizerInput,
} from './Recognizer.js';
export { RecognizerError } from './RecognizerError.js';
export { recognizeLifecycle } from './recognizeLifecycle.js';
export { MAX_RECOGNIZED_LENGTH } from './recognizerInput.js';
export { renderRoot } from './renderRoot.js';
export { type RootStatus, type RootStatusInput, rootStatus } from './rootStatus.js';
