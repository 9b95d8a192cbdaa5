import { cardToBlocks } from './cardToBlocks.js';
import type { HtmlRenderers } from './HtmlRenderers.js';
import { htmlToMrkdwn } from './htmlToMrkdwn.js';
import { htmlToPlainText } from './htmlToPlainText.js';

/**
 * The HTML and card renderers, loaded. `translate` imports this module only for a message
 * that needs it; `translateNotification` imports it always.
 *
 * @example
 * translateWith(HTML_RENDERERS, notification);
 */
export const HTML_RENDERERS: HtmlRenderers = { htmlToMrkdwn, htmlToPlainText, cardToBlocks };
