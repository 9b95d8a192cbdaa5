import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import type { SlackCallOutcome, SlackMethodName } from '../slack/SlackMethods.js';
import type { DeliveryContext } from './DeliveryContext.js';

type SlackFailure = Exclude<SlackCallOutcome, { kind: 'ok' }>;

/**
 * Calls a Slack method other than posting within the request's budget. Returns the `ok`
 * outcome, or the failure when `expected` names its Slack error (e.g. `users_not_found`) so
 * the route can answer it; any other failure is noted in the access log and thrown as a
 * HipChat error.
 *
 * @example
 * const opened = await callSlack(deps, context, 'conversations.open', { users: 'U0123ABCD' });
 * if (opened.kind === 'ok') console.log(opened.response.channel);
 */
export async function callSlack(
  deps: ProxyDependencies,
  context: DeliveryContext,
  method: SlackMethodName,
  args: Readonly<Record<string, unknown>>,
  expected: readonly string[] = [],
): Promise<SlackCallOutcome> {
  if (deps.slack.call === undefined) {
    throw new HipChatError(501, 'This proxy is not configured for this method.');
  }
  const outcome = await deps.slack.call(method, args, {
    deadlineMs: context.budgetMs(),
  });
  if (outcome.kind === 'ok' || expected.includes(outcome.slackError)) return outcome;
  const { record } = context;
  record.outcome = { kind: outcome.kind, detail: outcome.reason };
  record.slackError = outcome.slackError;
  throw slackFailure(method, outcome);
}

function slackFailure(method: SlackMethodName, outcome: SlackFailure): HipChatError {
  if (outcome.kind === 'transient') {
    return outcome.reason === 'rate_limited'
      ? new HipChatError(429, 'Slack is rate limiting the proxy; please retry later.')
      : new HipChatError(
          503,
          `Slack is unavailable right now (${outcome.slackError}); please retry.`,
        );
  }
  if (outcome.reason === 'auth') {
    // missing_scope lands here: the bot token lacks the scope this method needs (see docs/api.md, Slack scopes).
    return new HipChatError(
      500,
      `The proxy's Slack app may not call ${method} (${outcome.slackError}).`,
    );
  }
  return new HipChatError(502, `Slack refused ${method} (${outcome.slackError}).`);
}
