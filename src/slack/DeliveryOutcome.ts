/**
 * What became of one `chat.postMessage`, as plain data: the handler maps it to a HipChat
 * answer and the retry queue decides from it whether a message is worth keeping.
 *
 * - `delivered`: Slack accepted the message (`ts` is Slack's message timestamp, `channel` its channel's id).
 * - `rejected`: Slack refused it for good; retrying the same message cannot help.
 * - `transient`: Slack could not take it now (rate limit, outage, timeout, network); the
 *   message may be handed to a retry queue. `fatal_error` and timeouts are ambiguous: Slack
 *   may have posted anyway, so a later retry can duplicate the message.
 *
 * `attempts` counts HTTP requests sent to Slack; `latencyMs` is the whole delivery, waits included.
 *
 * @example
 * if (outcome.kind === 'transient') await queue.send(message, outcome.retryAfterSeconds);
 */
export type DeliveryOutcome =
  | {
      kind: 'delivered';
      ts?: string;
      /** The channel's id as Slack answered it (a message to `#name` is answered with the id). */
      channel?: string;
      attempts: number;
      latencyMs: number;
    }
  | {
      kind: 'rejected';
      slackError: string;
      reason: 'channel' | 'payload' | 'auth' | 'policy' | 'other';
      attempts: number;
      latencyMs: number;
    }
  | {
      kind: 'transient';
      slackError: string;
      reason: 'rate_limited' | 'timeout' | 'unavailable' | 'network';
      retryAfterSeconds?: number;
      attempts: number;
      latencyMs: number;
    };
