import { describe, expect, it } from 'vitest';
import { createDryRunDelivery } from '../../src/slack/createDryRunDelivery.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';

describe('createDryRunDelivery', () => {
  it('writes one JSON line naming chat.postMessage with the message, and reports delivered', async () => {
    const lines: string[] = [];
    const message: SlackMessage = {
      channel: '#ops-alerts',
      username: 'Jenkins',
      attachments: [{ color: '#2eb886', fallback: 'Build passed', text: 'Build passed' }],
    };

    const outcome = await createDryRunDelivery((line) => lines.push(line)).deliver(message, {
      deadlineMs: 1,
    });

    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 0 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      dryRun: true,
      method: 'chat.postMessage',
      args: message,
    });
  });
});
