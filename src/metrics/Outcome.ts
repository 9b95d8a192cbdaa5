/**
 * What happened to a request, by kind: a small fixed set, so it can be a metric dimension
 * (CloudWatch bills per dimension combination). The detail stays in the log line.
 */
export type OutcomeKind =
  // Posting to Slack (the kinds of a DeliveryOutcome), and a message left for the retry queue.
  | 'delivered'
  | 'queued'
  | 'transient'
  | 'rejected'
  // Answers that send nothing.
  | 'found'
  | 'listed'
  | 'topic_set'
  | 'auth_test'
  // Refusals before anything is sent.
  | 'token_expired'
  | 'rate_limited'
  | 'missing_scope'
  | 'unknown_path'
  | 'wrong_method'
  | 'malformed_request'
  // Our side.
  | 'unavailable'
  | 'internal_error';

/** A request's outcome: its kind, and what exactly (a status, a reason, a dependency). */
export interface Outcome {
  readonly kind: OutcomeKind;
  readonly detail?: string;
}

/**
 * The access log's `outcome`: the kind, then its detail (`rejected:401`,
 * `queued:transient:timeout`) — the words operators and the usage CLI read.
 *
 * @example
 * outcomeText({ kind: 'queued', detail: 'transient:timeout' }); // 'queued:transient:timeout'
 */
export function outcomeText(outcome: Outcome): string {
  return outcome.detail === undefined ? outcome.kind : `${outcome.kind}:${outcome.detail}`;
}
