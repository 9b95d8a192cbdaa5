import { describe, expect, it } from 'vitest';
import { blockKitBuilderUrl } from '../../src/slack/blockKitBuilderUrl.js';
import { createDryRunDelivery } from '../../src/slack/createDryRunDelivery.js';

const decode = (url: string) =>
  JSON.parse(decodeURIComponent(url.slice(url.indexOf('#') + 1))) as Record<string, unknown>;

describe('blockKitBuilderUrl', () => {
  it('carries blocks and attachments in the fragment, without the hidden fallback text', () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Card*' } }];
    const attachments = [{ color: '#d00000', fallback: 'f', text: 'x & y' }];
    const url = blockKitBuilderUrl({ text: 'fallback', blocks, attachments });
    expect(url.startsWith('https://app.slack.com/block-kit-builder/#')).toBe(true);
    expect(url).not.toMatch(/[\s"<>]/);
    expect(decode(url)).toEqual({ blocks, attachments });
  });

  it('shows attachment-only messages as they are', () => {
    const attachments = [
      { color: '#2eb886', fallback: 'ok', text: 'ok', mrkdwn_in: ['text' as const] },
    ];
    expect(decode(blockKitBuilderUrl({ attachments }))).toEqual({ attachments });
  });
});

describe('createDryRunDelivery with a preview', () => {
  it('adds the preview link to the one JSON line', async () => {
    const lines: string[] = [];
    const message = { channel: '#ops', attachments: [{ fallback: 'hi', text: 'hi' }] };
    await createDryRunDelivery((line) => lines.push(line), { preview: blockKitBuilderUrl }).deliver(
      message,
      { deadlineMs: 1 },
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      dryRun: true,
      method: 'chat.postMessage',
      args: message,
      preview: blockKitBuilderUrl(message),
    });
  });
});
