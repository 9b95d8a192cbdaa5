import type { SlackMessage } from '../slack/SlackMessage.js';

/**
 * The message as it is delivered late (after an outage, from the retry queue), so it does not
 * pass for a fresh alert: one small context line at its end saying when it was sent and how
 * late it is. The time is Slack's `<!date^…>`, so each reader sees their own time zone (the
 * fallback, for clients that cannot format it, is UTC). The line rides in an attachment of
 * its own, which every message shape can take without changing how its body renders.
 *
 * @example
 * withLateNote(message, { sentAt: new Date('2026-12-02T09:30:00Z'), deliveredAt: new Date('2026-12-02T10:35:00Z') });
 * // …attachments: [ …, { fallback: 'Sent 2026-12-02 09:30 UTC, delivered 1 h 5 min late', blocks: [context] } ]
 */
export function withLateNote(
  message: SlackMessage,
  times: { sentAt: Date; deliveredAt: Date },
): SlackMessage {
  const epoch = Math.floor(times.sentAt.getTime() / 1000);
  const utc = `${times.sentAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const late = lateness(times.deliveredAt.getTime() - times.sentAt.getTime());
  const text = `:hourglass: Sent <!date^${epoch}^{date_short_pretty} at {time}|${utc}>, delivered ${late} late (Slack could not take it earlier)`;
  const note = {
    fallback: `Sent ${utc}, delivered ${late} late`,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }],
  };
  return { ...message, attachments: [...(message.attachments ?? []), note] };
}

/** `6 min`, `1 h 5 min`, `2 d 3 h`: how a reader says it. */
function lateness(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
