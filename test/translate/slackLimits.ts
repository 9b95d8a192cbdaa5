import type { SlackMessageContent } from '../../src/slack/SlackMessage.js';

/** Every text string a Slack client would render from a message, with where it sits. */
export function renderedTexts(content: SlackMessageContent): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      // URLs of images are fetched, not rendered.
      if (!path.endsWith('.image_url') && !path.endsWith('.type') && !path.endsWith('.color')) {
        texts.push({ path, text: value });
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key !== 'mrkdwn_in') walk(item, `${path}.${key}`);
      }
    }
  };
  walk(content, '$');
  return texts;
}

/** Slack's documented limits (and our budget for the undocumented one) that a message breaks. */
export function limitViolations(
  content: SlackMessageContent,
  budget: { blockText: number; text: number; attachmentBytes: number; fallback: number },
): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const attachments = content.attachments ?? [];
  check(attachments.length <= 100, 'too many attachments');
  check((content.text ?? '').length <= budget.text, 'top-level text too long');
  const hasContent =
    (content.text ?? '').trim() !== '' ||
    (content.blocks ?? []).length > 0 ||
    attachments.some((a) => (a.text ?? '').trim() !== '' || (a.blocks ?? []).length > 0);
  check(hasContent, 'nothing to show (no_text)');
  let blockText = 0;
  const blockLists = [content.blocks ?? [], ...attachments.map((a) => a.blocks ?? [])];
  check(blockLists.reduce((sum, blocks) => sum + blocks.length, 0) <= 50, 'more than 50 blocks');
  for (const blocks of blockLists) {
    for (const block of blocks as Record<string, unknown>[]) {
      const text = block.text as { text: string } | undefined;
      const fields = (block.fields ?? []) as { text: string }[];
      const elements = (block.elements ?? []) as {
        type: string;
        text?: string;
        alt_text?: string;
      }[];
      if (block.type === 'section') {
        check(text !== undefined || fields.length > 0, 'section without text or fields');
        if (text) {
          check(text.text.trim() !== '' && text.text.length <= 3000, 'section text out of 1..3000');
          blockText += text.text.length;
        }
        check(fields.length <= 10, 'more than 10 fields');
        for (const field of fields) {
          check(field.text.trim() !== '' && field.text.length <= 2000, 'field out of 1..2000');
          blockText += field.text.length;
        }
      } else if (block.type === 'context') {
        check(elements.length >= 1 && elements.length <= 10, 'context elements out of 1..10');
        for (const element of elements) {
          if (element.type === 'mrkdwn') {
            check((element.text ?? '').trim() !== '', 'empty context text');
            check((element.text ?? '').length <= 3000, 'context text over 3000');
            blockText += element.text?.length ?? 0;
          }
        }
      } else {
        problems.push(`unexpected block type ${String(block.type)}`);
      }
      const accessory = block.accessory as { alt_text?: string; image_url?: string } | undefined;
      for (const image of [accessory, ...elements.filter((e) => e.type === 'image')]) {
        if (image === undefined) continue;
        const { alt_text: alt = '', image_url: url = '' } = image as Record<string, string>;
        check(alt.trim() !== '' && alt.length <= 2000, 'image alt_text out of 1..2000');
        check(/^https?:\/\//.test(url) && url.length <= 3000, 'bad image_url');
      }
    }
  }
  check(blockText <= budget.blockText, `block text ${blockText} over ${budget.blockText}`);
  for (const attachment of attachments) {
    check(attachment.fallback.trim() !== '', 'empty attachment fallback');
    check(attachment.fallback.length <= budget.fallback, 'attachment fallback too long');
    check(
      Buffer.byteLength(attachment.text ?? '') <= budget.attachmentBytes,
      "attachment text over Slack's silent cut",
    );
    check(/^#[0-9a-f]{6}$/i.test(attachment.color ?? ''), 'attachment color not hex');
  }
  return problems;
}
