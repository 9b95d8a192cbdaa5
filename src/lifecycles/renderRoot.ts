import type { SlackMessageContent } from '../slack/SlackMessage.js';
import type { RootUpdate } from '../threads/createThreadedDelivery.js';
import { rootStatus } from './rootStatus.js';

/**
 * A thread's root as `chat.update` sends it: the message as it was posted, its bars in the
 * color of the latest state, and one last attachment with the status line ("Resolved 12 min
 * later", "Open since 09:14 UTC"). Text, blocks, attachments and the sender's name and icon
 * are all sent again: an update drops the custom name and icon it is not given. Pure.
 *
 * @example
 * renderRoot({ text: 'PROBLEM web01', attachments: [{ color: '#d00000', fallback: 'PROBLEM web01' }] },
 *   { state: 'resolved', openedAt, resolvedAt, now: resolvedAt, color: '#2eb886' });
 * // { text: 'PROBLEM web01', attachments: [{ color: '#2eb886', … }, { color: '#2eb886', fallback: 'Resolved 12 min later', blocks: [context] }] }
 */
export function renderRoot(root: SlackMessageContent, rendering: RootUpdate): SlackMessageContent {
  const status = rootStatus({
    state: rendering.state,
    openedAt: rendering.openedAt,
    ...(rendering.resolvedAt === undefined ? {} : { resolvedAt: rendering.resolvedAt }),
    now: rendering.now,
  });
  const color = rendering.color ?? status.color;
  const icon = rendering.state === 'resolved' ? ':white_check_mark:' : ':red_circle:';
  const line = {
    color,
    fallback: status.text,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${icon} ${status.text}` }] }],
  };
  const bars = (root.attachments ?? []).map((attachment) =>
    attachment.color === undefined ? attachment : { ...attachment, color },
  );
  return { ...root, attachments: [...bars, line] };
}
