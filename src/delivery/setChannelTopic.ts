import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { escapeMrkdwn } from '../translate/escapeMrkdwn.js';
import { answerDelivery } from './answerDelivery.js';
import { callSlack } from './callSlack.js';
import type { DeliveryContext } from './DeliveryContext.js';
import { findChannelId } from './findChannelId.js';

/** HipChat's topic limit (reference §1: `topic` 0–250, plain text). */
export const MAX_TOPIC_LENGTH = 250;

/**
 * Sets a room's topic in Slack with `conversations.setTopic`, which takes only channel ids:
 * a room that goes to a `#name` is looked up first (`findChannelId`). The topic is escaped like
 * message text, so it shows what was typed and cannot ping (`<!channel>`) or disguise a link.
 * Throws HipChat's errors for a too-long topic, an unknown channel (404) or a failed call.
 *
 * @example
 * await setChannelTopic(deps, context, 'C0123456789', 'Ops Alerts', 'Deploy freeze until Monday');
 */
export async function setChannelTopic(
  deps: ProxyDependencies,
  context: DeliveryContext,
  channel: string,
  room: string,
  topic: string,
): Promise<void> {
  if (topic.length > MAX_TOPIC_LENGTH) throw topicTooLong();
  const { record } = context;
  record.channel = channel;
  const id = await findChannelId(deps, context, channel);
  if (id === undefined) {
    record.outcome = { kind: 'rejected', detail: 'channel' };
    throw HipChatError.notFound(`Room ${room} not found`);
  }
  const outcome = await callSlack(
    deps,
    context,
    'conversations.setTopic',
    { channel: id, topic: escapeMrkdwn(topic) },
    // Escaping can grow a topic HipChat accepted past Slack's own limit (`too_long`).
    ['channel_not_found', 'not_in_channel', 'is_archived', 'too_long'],
  );
  if (outcome.kind !== 'ok' && outcome.slackError === 'too_long') {
    record.outcome = { kind: 'rejected', detail: 'topic_too_long' };
    throw topicTooLong();
  }
  if (outcome.kind !== 'ok') {
    record.outcome = { kind: outcome.kind, detail: outcome.reason };
    record.slackError = outcome.slackError;
    const failure = answerDelivery(outcome, room);
    if (failure !== undefined) throw failure;
  }
  record.outcome = { kind: 'topic_set' };
}

function topicTooLong(): HipChatError {
  return HipChatError.badRequest(
    `Field 'topic' must be at most ${MAX_TOPIC_LENGTH} characters long.`,
    { field: 'topic', validation: 'length' },
  );
}
