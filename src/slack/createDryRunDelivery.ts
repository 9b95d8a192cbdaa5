import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackDelivery } from './SlackDelivery.js';

/**
 * Local mode without a Slack token: instead of calling Slack, writes the call it would make as
 * one JSON line and reports the message delivered (`attempts: 0`, since nothing was sent).
 *
 * @example
 * const delivery = createDryRunDelivery((line) => process.stdout.write(`${line}\n`));
 * await delivery.deliver({ channel: '#ops', text: 'hi' });
 * // {"dryRun":true,"method":"chat.postMessage","args":{"channel":"#ops","text":"hi"}}
 */
export function createDryRunDelivery(write: (line: string) => void): SlackDelivery {
  return {
    async deliver(message): Promise<DeliveryOutcome> {
      const started = performance.now();
      write(JSON.stringify({ dryRun: true, method: 'chat.postMessage', args: message }));
      return { kind: 'delivered', attempts: 0, latencyMs: Math.round(performance.now() - started) };
    },
  };
}
