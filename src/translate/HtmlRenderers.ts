import type { cardToBlocks } from './cardToBlocks.js';
import type { htmlToMrkdwn } from './htmlToMrkdwn.js';
import type { htmlToPlainText } from './htmlToPlainText.js';

/**
 * What translating an `html` message or a card takes: the HTML parser and what renders its
 * tree. Handed to `translateWith` so a text message's translation never loads them.
 */
export interface HtmlRenderers {
  readonly htmlToMrkdwn: typeof htmlToMrkdwn;
  readonly htmlToPlainText: typeof htmlToPlainText;
  readonly cardToBlocks: typeof cardToBlocks;
}
