import type { Request } from 'lambda-api';

/** Time kept back from the Lambda's remaining time so we always answer before it ends. */
const ANSWER_MARGIN_MS = 500;
const MIN_SLACK_BUDGET_MS = 100;

/**
 * The Slack budget of this request: the configured deadline, shrunk so the answer still
 * leaves before the Lambda's time is up (the ALB answers 502 when the Lambda runs out).
 *
 * @example
 * await deps.delivery.deliver(message, { deadlineMs: slackBudget(deps.slackDeadlineMs, req) });
 */
export function slackBudget(configuredMs: number, req: Request): number {
  const remaining = req.context?.getRemainingTimeInMillis?.();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return configuredMs;
  return Math.max(MIN_SLACK_BUDGET_MS, Math.min(configuredMs, remaining - ANSWER_MARGIN_MS));
}
