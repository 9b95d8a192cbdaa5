import type { Request, Response } from 'lambda-api';
import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';
import { parseNotification } from '../hipchat/parseNotification.js';
import { readRequestBody } from '../hipchat/readRequestBody.js';
import { translateNotification } from '../translate/translateNotification.js';
import { withoutImages } from '../translate/withoutImages.js';
import { answerDelivery } from './answerDelivery.js';
import { authorizeRequest, resolveRoomChannel } from './authorizeRequest.js';
import type { ProxyDependencies } from './ProxyDependencies.js';
import { queueForRetry } from './queueForRetry.js';
import { recordOf } from './requestRecord.js';

/** Time kept back from the Lambda's remaining time so we always answer before it ends. */
const ANSWER_MARGIN_MS = 500;
const MIN_SLACK_BUDGET_MS = 100;

/**
 * `POST /v2/room/{id_or_name}/notification`: authenticate like HipChat, validate the body,
 * translate it and post it to the room's Slack channel. Answers 204 with no body once Slack
 * has the message or the retry queue holds it; every failure is thrown as the HipChatError
 * HipChat would have sent.
 *
 * @example
 * api.post('/v2/room/:room/notification', (req, res) => sendRoomNotification(deps, req, res));
 */
export async function sendRoomNotification(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
): Promise<void> {
  const record = recordOf(req);
  const room = decodeUrlComponent(req.params.room ?? '', 'path');
  const caller = await authorizeRequest(deps, req, res, {
    route: 'room.notification',
    api: 'v2',
    scopes: ['send_notification'],
    room,
    roomAction: 'send notifications to',
  });
  if (caller === undefined) return;

  const notification = parseNotification(
    readRequestBody({
      body: req.rawBody,
      isBase64Encoded: req.isBase64Encoded,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      maxBytes: deps.maxBodyBytes,
    }),
  );

  const channel = resolveRoomChannel(deps, room);
  record.channel = channel;

  const content = translateNotification(notification, {
    random: deps.random,
    broadcastMentions: caller.broadcastMentions,
    userMap: deps.userMap,
    notifyMention: deps.notifyMention,
  });
  let outcome = await deps.delivery.deliver(
    { ...content, channel },
    { deadlineMs: slackBudget(deps.slackDeadlineMs, req) },
  );
  // Slack refuses a whole message when it cannot fetch one of its images: send it without them.
  const imageless =
    outcome.kind === 'rejected' && outcome.slackError === 'invalid_blocks'
      ? withoutImages(content)
      : undefined;
  if (imageless !== undefined) {
    outcome = await deps.delivery.deliver(
      { ...imageless, channel },
      { deadlineMs: slackBudget(deps.slackDeadlineMs, req) },
    );
  }
  record.outcome = outcome.kind === 'delivered' ? 'delivered' : `${outcome.kind}:${outcome.reason}`;
  record.slackLatencyMs = outcome.latencyMs;
  record.slackAttempts = outcome.attempts;
  if (outcome.kind !== 'delivered') record.slackError = outcome.slackError;

  const queued = await queueForRetry(deps, {
    message: { ...(imageless ?? content), channel },
    outcome,
    room,
    now: deps.now(),
    tokenLabel: caller.label,
  });
  if (queued) record.outcome = `queued:${record.outcome}`;
  const failure = queued ? undefined : answerDelivery(outcome, room);
  if (failure !== undefined) throw failure;
  record.status = 204;
  // HipChat's 204 carried no body and so no Content-Type; lambda-api would add a JSON one.
  res.removeHeader('content-type').status(204).send('');
}

/**
 * The Slack budget of this request: the configured deadline, shrunk so the answer still
 * leaves before the Lambda's time is up.
 */
export function slackBudget(configuredMs: number, req: Request): number {
  const remaining = req.context?.getRemainingTimeInMillis?.();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return configuredMs;
  return Math.max(MIN_SLACK_BUDGET_MS, Math.min(configuredMs, remaining - ANSWER_MARGIN_MS));
}
