import type { SlackMessageContent } from '../slack/SlackMessage.js';

type Block = Record<string, unknown>;

/**
 * The same message without its images (thumbnail accessories, icons in context lines), or
 * `undefined` when it has none. Slack fetches block images while accepting a message and
 * refuses the whole message (`invalid_blocks`, "downloading image failed") when one cannot be
 * fetched — common for thumbnails on internal hosts — so a sender retries with this.
 *
 * @example
 * if (outcome.slackError === 'invalid_blocks') retry = withoutImages(content);
 */
export function withoutImages(content: SlackMessageContent): SlackMessageContent | undefined {
  let removed = false;
  const strip = (blocks: Block[] | undefined): Block[] | undefined =>
    blocks?.flatMap((block) => {
      const { accessory, ...rest } = block as Block & { accessory?: { type?: string } };
      let result: Block = block;
      if (accessory?.type === 'image') {
        removed = true;
        result = rest;
      }
      if (Array.isArray(result.elements)) {
        const elements = (result.elements as { type?: string }[]).filter((e) => e.type !== 'image');
        if (elements.length !== result.elements.length) {
          removed = true;
          if (elements.length === 0) return [];
          result = { ...result, elements };
        }
      }
      return [result];
    });
  const stripped: SlackMessageContent = { ...content };
  if (content.blocks) stripped.blocks = strip(content.blocks);
  if (content.attachments) {
    stripped.attachments = content.attachments.map((attachment) =>
      attachment.blocks ? { ...attachment, blocks: strip(attachment.blocks) } : attachment,
    );
  }
  return removed ? stripped : undefined;
}
