/** Time kept back from the Lambda's remaining time so we always answer before it ends. */
const ANSWER_MARGIN_MS = 500;
const MIN_SLACK_BUDGET_MS = 100;

/**
 * The Slack budget of a request: the configured deadline, shrunk so the answer still leaves
 * before the Lambda's time is up; `remainingMs` is unknown outside Lambda.
 *
 * @example
 * slackBudget(5_000, 3_000); // 2_500
 */
export function slackBudget(configuredMs: number, remainingMs: number | undefined): number {
  if (typeof remainingMs !== 'number' || !Number.isFinite(remainingMs)) return configuredMs;
  return Math.max(MIN_SLACK_BUDGET_MS, Math.min(configuredMs, remainingMs - ANSWER_MARGIN_MS));
}
