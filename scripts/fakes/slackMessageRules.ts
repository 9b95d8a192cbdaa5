/**
 * What Slack does with a `chat.postMessage` body beyond its API contract, for the fake Slack:
 * the hard limits that make it refuse a message, and the silent cut of long attachment text
 * (reference/slack-api.md §2 and §7). Sources: Slack's method and Block Kit docs for the
 * refusals (the total of block text is undocumented, modelled at the lowest reported figure); integrations/slack#812 and StackStorm/hubot-stackstorm#108 for the ~8,000-byte
 * cut (undocumented: modelled at exactly 8,000 UTF-8 bytes).
 */
const ATTACHMENT_TEXT_CUT_BYTES = 8_000;

type Block = {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { type?: string; text?: string }[];
};
type Attachment = { text?: string; blocks?: Block[]; fallback?: string };

/** The error Slack would answer for this message, or `undefined` when it would accept it. */
export function slackRefusal(body: Record<string, unknown>): string | undefined {
  const attachments = (body.attachments ?? []) as Attachment[];
  const blocks = (body.blocks ?? []) as Block[];
  if (attachments.length > 100) return 'too_many_attachments';
  const allBlocks = [...blocks, ...attachments.flatMap((a) => a.blocks ?? [])];
  const hasContent =
    String(body.text ?? '').trim() !== '' ||
    allBlocks.length > 0 ||
    attachments.some((a) => (a.text ?? '').trim() !== '');
  if (!hasContent) return 'no_text';
  if (blocks.length > 50) return 'invalid_blocks';
  // Undocumented; reported from about 11,000 characters of block text (slackapi/bolt-js#2509).
  if (blockText(allBlocks) > 11_000) return 'msg_blocks_too_long';
  for (const block of allBlocks) {
    const text = block.text?.text;
    if (text !== undefined && (text.length === 0 || text.length > 3_000)) return 'invalid_blocks';
    if ((block.fields ?? []).length > 10) return 'invalid_blocks';
    if ((block.fields ?? []).some((f) => (f.text ?? '').length > 2_000)) return 'invalid_blocks';
    if ((block.elements ?? []).length > 10) return 'invalid_blocks';
  }
  return undefined;
}

function blockText(blocks: readonly Block[]): number {
  let total = 0;
  for (const block of blocks) {
    total += block.text?.text?.length ?? 0;
    for (const field of block.fields ?? []) total += field.text?.length ?? 0;
    for (const element of block.elements ?? []) total += element.text?.length ?? 0;
  }
  return total;
}

/** How many of the message's attachment texts Slack would cut short without saying so. */
export function attachmentTextsCut(body: Record<string, unknown>): number {
  const attachments = (body.attachments ?? []) as Attachment[];
  return attachments.filter(
    (a) => Buffer.byteLength(a.text ?? '', 'utf8') > ATTACHMENT_TEXT_CUT_BYTES,
  ).length;
}
