import type { DeliveryOutcome } from './DeliveryOutcome.js';

/** The Slack Web API methods the proxy calls besides `chat.postMessage`. */
export type SlackMethodName =
  | 'users.lookupByEmail'
  | 'users.info'
  | 'conversations.open'
  | 'conversations.setTopic'
  | 'chat.update'
  | 'conversations.list'
  | 'conversations.join'
  | 'files.getUploadURLExternal'
  | 'files.completeUploadExternal';

/** A Slack call's result: Slack's answer on success, else a delivery-style failure. */
export type SlackCallOutcome =
  | { kind: 'ok'; response: Readonly<Record<string, unknown>>; attempts: number; latencyMs: number }
  | Exclude<DeliveryOutcome, { kind: 'delivered' }>;

/**
 * Calls a Slack Web API method with the same client, token, deadline and retry rules as
 * `SlackDelivery.deliver`. Like `deliver`, Slack's failures are outcomes, not exceptions.
 *
 * @example
 * const outcome = await slack.call('users.lookupByEmail', { email: 'jdoe@example.com' }, { deadlineMs: 2_000 });
 * if (outcome.kind === 'ok') console.log((outcome.response.user as { id: string }).id);
 */
export interface SlackMethods {
  call(
    method: SlackMethodName,
    args: Readonly<Record<string, unknown>>,
    options?: { deadlineMs?: number },
  ): Promise<SlackCallOutcome>;
  /**
   * Uploads a file and shares it in a conversation with Slack's upload flow
   * (`files.getUploadURLExternal`, the bytes POSTed to the upload URL,
   * `files.completeUploadExternal`), all three steps under one deadline. `ok` carries the
   * completion's answer; a failure is the failed step's outcome.
   */
  shareFile(file: SlackFileShare, options?: { deadlineMs?: number }): Promise<SlackCallOutcome>;
  /**
   * The id of the channel named `name` (no `#`) when this client knows it without asking
   * Slack — the dry run, which has every channel; absent or undefined: look it up.
   */
  knownChannelId?(name: string): string | undefined;
}

/** A file to share in Slack. */
export interface SlackFileShare {
  /** A conversation id (`C…`, `G…`, `D…`): the completion step takes no names. */
  readonly channelId: string;
  readonly filename: string;
  readonly title: string;
  readonly bytes: Uint8Array;
  /** The message shown with the file (mrkdwn). */
  readonly initialComment?: string;
}
