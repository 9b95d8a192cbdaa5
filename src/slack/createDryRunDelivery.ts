import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackDelivery } from './SlackDelivery.js';
import type { SlackMessage } from './SlackMessage.js';
import type { SlackCallOutcome, SlackMethodName, SlackMethods } from './SlackMethods.js';

/** The id the dry run gives every channel it is asked about. */
const DRY_RUN_CHANNEL_ID = 'C0DRYRUN';

/** What the dry run pretends Slack answered, so the routes behind a lookup can be tried too. */
const DRY_RUN_ANSWERS: Readonly<Record<SlackMethodName, Record<string, unknown>>> = {
  'users.lookupByEmail': { ok: true, user: { id: 'U0DRYRUN' } },
  'users.info': { ok: true, user: { id: 'U0DRYRUN', name: 'dry-run' } },
  'conversations.open': { ok: true, channel: { id: 'D0DRYRUN' } },
  'conversations.setTopic': { ok: true },
  'chat.update': { ok: true },
  'conversations.list': { ok: true, channels: [] },
  'conversations.join': { ok: true, channel: { id: DRY_RUN_CHANNEL_ID } },
  'files.getUploadURLExternal': {
    ok: true,
    upload_url: 'https://files.invalid/',
    file_id: 'F0DRYRUN',
  },
  'files.completeUploadExternal': { ok: true, files: [{ id: 'F0DRYRUN' }] },
};

export interface DryRunOptions {
  /** A link for humans to see how the message renders (e.g. `blockKitBuilderUrl`), added as `preview`. */
  preview?: (message: SlackMessage) => string;
}

/**
 * Local mode without a Slack token: instead of calling Slack, writes the call it would make as
 * one JSON line and reports the message delivered (`attempts: 0`, since nothing was sent).
 * With `options.preview`, the line also carries a `preview` link (Block Kit Builder).
 *
 * @example
 * const delivery = createDryRunDelivery((line) => process.stdout.write(`${line}\n`));
 * await delivery.deliver({ channel: '#ops', text: 'hi' });
 * // {"dryRun":true,"method":"chat.postMessage","args":{"channel":"#ops","text":"hi"}}
 */
export function createDryRunDelivery(
  write: (line: string) => void,
  options: DryRunOptions = {},
): SlackDelivery & SlackMethods {
  let posted = 0;
  return {
    async deliver(message): Promise<DeliveryOutcome> {
      const started = performance.now();
      const preview = options.preview?.(message);
      write(
        JSON.stringify({
          dryRun: true,
          method: 'chat.postMessage',
          args: message,
          ...(preview === undefined ? {} : { preview }),
        }),
      );
      // A ts and a channel id as Slack gives them, so that replies and root updates can be tried too.
      posted += 1;
      return {
        kind: 'delivered',
        ts: `${Math.floor(Date.now() / 1000)}.${String(posted).padStart(6, '0')}`,
        channel: /^[CDG][A-Z0-9]+$/.test(message.channel) ? message.channel : DRY_RUN_CHANNEL_ID,
        attempts: 0,
        latencyMs: Math.round(performance.now() - started),
      };
    },
    // Every `#name` exists in the dry run, so a topic or a file for a room mapped to a name
    // can be tried too (its Slack call is printed with this id).
    knownChannelId: () => DRY_RUN_CHANNEL_ID,
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
    async shareFile(file): Promise<SlackCallOutcome> {
      const started = performance.now();
      const { bytes, ...described } = file;
      // The file's size, not its bytes: the line stays one readable line.
      write(
        JSON.stringify({
          dryRun: true,
          method: 'files.completeUploadExternal',
          args: { ...described, length: bytes.byteLength },
        }),
      );
      return {
        kind: 'ok',
        response: DRY_RUN_ANSWERS['files.completeUploadExternal'],
        attempts: 0,
        latencyMs: Math.round(performance.now() - started),
      };
    },
  };
}
