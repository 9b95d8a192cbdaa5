import type { Notification } from '../hipchat/notificationSchema.js';

import type { LifecycleState } from '../slack/MessageThread.js';

export type { LifecycleState };

/** What a recognizer reads: the notification, and its text content once (html rendered as text). */
export interface RecognizerInput {
  readonly notification: Notification;
  /** The message as plain text (tags dropped, entities decoded, `<br>` a line break), capped. */
  readonly text: string;
  /** The text of the message's first line: what subject lines (Zabbix, Alertmanager) are read from. */
  readonly firstLine: string;
}

/** A recognizer's answer: the alert's subject (what is keyed, with the room) and its state. */
export interface Recognition {
  readonly subject: string;
  readonly state: LifecycleState;
}

/**
 * One row of the table: the sender it knows, what it reads (for the docs), and the matcher.
 * A matcher is pure and total: `undefined` for a notification it does not recognize.
 */
export interface Recognizer {
  readonly sender: string;
  readonly recognizes: string;
  readonly match: (input: RecognizerInput) => Recognition | undefined;
}

/** What `recognizeLifecycle` answers for a recognized notification. */
export interface Lifecycle {
  /** Stable, at most `MAX_KEY_LENGTH` characters, different for different rooms, senders, subjects. */
  readonly key: string;
  readonly state: LifecycleState;
  readonly sender: string;
  readonly subject: string;
}
