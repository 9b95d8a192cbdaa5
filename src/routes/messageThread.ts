import type { ProxyDependencies, ProxyThreads } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { loadOnce } from '../config/loadOnce.js';
import type { Notification } from '../hipchat/notificationSchema.js';
import type { Lifecycle } from '../lifecycles/Recognizer.js';
import type { MessageThread } from '../slack/MessageThread.js';

/**
 * Where a message belongs among Slack's threads, or `undefined` to post it as a new message
 * without asking the thread store: threads are off (the token's `threads`, else the account's
 * `THREADS`), the proxy has no store, or the message names nothing to thread by. A
 * notification threads under HipChat's `attach_to`, else in the alert lifecycle the
 * recognizers find (keyed by the Slack channel, the room as Slack knows it); `id` is the id the
 * proxy answers with (room messages), kept so that a later `attach_to` finds it.
 *
 * @example
 * const thread = await messageThread(deps, caller, channel, { notification });
 * await postToSlack(deps, context, { ...content, channel }, room, { thread });
 */
export async function messageThread(
  deps: ProxyDependencies,
  caller: WhitelistEntry,
  channel: string,
  message: { notification?: Notification; id?: string },
): Promise<MessageThread | undefined> {
  const { threads } = deps;
  if (threads === undefined) return undefined;
  const mode = caller.threads ?? threads.mode;
  if (mode === 'off') return undefined;
  const { notification, id } = message;
  const attachTo = notification?.attach_to;
  const lifecycle =
    attachTo === undefined && notification !== undefined
      ? await recognizeIn(notification, channel, threads)
      : undefined;
  if (attachTo === undefined && lifecycle === undefined && id === undefined) return undefined;
  return {
    replies: mode,
    ...(lifecycle === undefined
      ? {}
      : { lifecycle: { key: lifecycle.key, state: lifecycle.state } }),
    ...(attachTo === undefined ? {} : { attachTo }),
    ...(id === undefined ? {} : { id }),
  };
}

/**
 * The notification's lifecycle, with the recognizers and the HTML parser loaded on first use
 * (the parser only for an html message, which translation loads anyway): none at cold start.
 * Each module is imported once: an `import()` of a loaded module still costs a trip through
 * the module loader, on every message.
 */
async function recognizeIn(
  notification: Notification,
  channel: string,
  threads: ProxyThreads,
): Promise<Lifecycle | undefined> {
  const [{ recognize }, recognizers, htmlToText] = await Promise.all([
    recognition(),
    threads.recognizers(),
    notification.message_format === 'html' ? htmlRenderer() : asIs,
  ]);
  return recognize(notification, channel, recognizers, htmlToText);
}

const recognition = loadOnce(() => import('../lifecycles/recognize.js'));
const htmlRenderer = loadOnce(
  async () => (await import('../translate/htmlToPlainText.js')).htmlToPlainText,
);
const asIs = (text: string) => text;
