import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackDelivery } from './SlackDelivery.js';
import type { SlackCallOutcome, SlackMethodName, SlackMethods } from './SlackMethods.js';

/** What the dry run pretends Slack answered, so the routes behind a lookup can be tried too. */
const DRY_RUN_ANSWERS: Readonly<Record<SlackMethodName, Record<string, unknown>>> = {
  'users.lookupByEmail': { ok: true, user: { id: 'U0DRYRUN' } },
  'conversations.open': { ok: true, channel: { id: 'D0DRYRUN' } },
  'conversations.setTopic': { ok: true },
  'conversations.list': { ok: true, channels: [] },
};

/**
 * Local mode without a Slack token: instead of calling Slack, writes the call it would make as
 * one JSON line and reports the message delivered (`attempts: 0`, since nothing was sent).
 *
 * @example
 * const delivery = createDryRunDelivery((line) => process.stdout.write(`${line}\n`));
 * await delivery.deliver({ channel: '#ops', text: 'hi' });
 * // {"dryRun":true,"method":"chat.postMessage","args":{"channel":"#ops","text":"hi"}}
 */
export function createDryRunDelivery(write: (line: string) => void): SlackDelivery & SlackMethods {
  return {
    async deliver(message): Promise<DeliveryOutcome> {
      const started = performance.now();
      write(JSON.stringify({ dryRun: true, method: 'chat.postMessage', args: message }));
      return { kind: 'delivered', attempts: 0, latencyMs: Math.round(performance.now() - started) };
    },
    async call(method, args): Promise<SlackCallOutcome> {
      const started = performance.now();
      write(JSON.stringify({ dryRun: true, method, args }));
      return {
        kind: 'ok',
        response: DRY_RUN_ANSWERS[method],
        attempts: 0,
        latencyMs: Math.round(performance.now() - started),
      };
    },
  };
}
