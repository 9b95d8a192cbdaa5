import type { ProxyConfig } from '../config/readConfig.js';
import type { RetryConsumerOptions } from '../queue/createRetryConsumer.js';
import { withLateNote } from '../translate/withLateNote.js';

/**
 * The retry consumer's late-delivery note as configured (`LATE_NOTE_AFTER_SECONDS`; 0 turns it
 * off): the same for the embedded queue and the SQS consumer Lambda.
 *
 * @example
 * createRetryConsumer({ …, ...lateNote(config) });
 */
export function lateNote(config: ProxyConfig): Pick<RetryConsumerOptions, 'lateNote'> {
  return config.lateNoteAfterMs > 0
    ? { lateNote: { afterMs: config.lateNoteAfterMs, add: withLateNote } }
    : {};
}
