import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import type { SlackFileShare } from '../slack/SlackMethods.js';
import { answerDelivery } from './answerDelivery.js';
import type { DeliveryContext } from './DeliveryContext.js';
import { findChannelId } from './findChannelId.js';

/** A file to share: where (a channel id or `#name`), and what. */
export interface FileShare extends Omit<SlackFileShare, 'channelId'> {
  readonly channel: string;
}

/**
 * Shares a file in Slack within the request's budget, as the `share/file` routes do: finds
 * the channel's id, uploads and shares the file, and when Slack answers `not_in_channel`
 * (the bot must be a member to share files; `chat:write.public` covers only messages) joins
 * the public channel once and shares again. A file never goes to the retry queue — it would
 * not fit in a queue message — so a transient failure is thrown as HipChat's 429/503 for the
 * caller to retry, and every other failure as the HipChat error it deserves.
 *
 * @example
 * await shareFileToSlack(deps, deliveryContext(deps, req), { channel: 'C0123456789', filename: 'build.log', title: 'build.log', bytes }, 'Ops Alerts');
 */
export async function shareFileToSlack(
  deps: ProxyDependencies,
  context: DeliveryContext,
  share: FileShare,
  target: string,
): Promise<void> {
  const { record } = context;
  const shareFile = deps.slack.shareFile?.bind(deps.slack);
  const call = deps.slack.call?.bind(deps.slack);
  if (shareFile === undefined || call === undefined) {
    throw new HipChatError(501, 'This proxy is not configured for this method.');
  }
  const { channel, ...file } = share;
  record.channel = channel;
  const channelId = await findChannelId(deps, context, channel);
  if (channelId === undefined) throw HipChatError.notFound(`Room ${target} not found`);

  const started = performance.now();
  const send = () => shareFile({ ...file, channelId }, { deadlineMs: context.budgetMs() });
  let outcome = await send();
  let attempts = outcome.attempts;
  if (outcome.kind === 'rejected' && outcome.slackError === 'not_in_channel') {
    const joined = await call(
      'conversations.join',
      { channel: channelId },
      { deadlineMs: context.budgetMs() },
    );
    attempts += joined.attempts;
    // Joined: share again (the first upload was never completed, so Slack discards it).
    // A join Slack could not do now is that failure, for the caller to retry; a refused one
    // (private channel, no channels:join) leaves not_in_channel, answered below.
    if (joined.kind === 'ok') {
      outcome = await send();
      attempts += outcome.attempts;
    } else if (joined.kind === 'transient') {
      outcome = joined;
    }
  }

  record.slackAttempts = attempts;
  record.slackLatencyMs = Math.round(performance.now() - started);
  if (outcome.kind === 'ok') {
    record.outcome = { kind: 'delivered' };
    return;
  }
  record.outcome = { kind: outcome.kind, detail: outcome.reason };
  record.slackError = outcome.slackError;
  if (outcome.slackError === 'not_in_channel') {
    throw HipChatError.forbidden(
      `The proxy's Slack app is not a member of the channel of room ${target}; invite it there to share files.`,
    );
  }
  throw answerDelivery(outcome, target) ?? new HipChatError(502, 'Slack refused the file.');
}
