import { truncateMrkdwn } from './truncateMrkdwn.js';

export interface TextBudget {
  /** What is left to spend. */
  readonly remaining: number;
  /**
   * `text` cut (with `marker`) to at most `max` and to what is left, and charged; `undefined`
   * when too little is left to show anything useful.
   */
  take(text: string, max: number, marker?: string): string | undefined;
}

/** Below this, a cut piece would be little more than its marker: leave it out instead. */
const MIN_USEFUL = 24;

/**
 * A running total of the text put into blocks. Slack rejects a message whose blocks hold too
 * much text altogether (`msg_blocks_too_long`, undocumented, seen at ~11–13k characters), even
 * when each block is within its own limit; charging every piece against one budget keeps the
 * whole message under it by construction.
 *
 * @example
 * const budget = createTextBudget(8_000);
 * budget.take(description, 3_000, ' …'); // at most 3,000 characters, charged
 */
export function createTextBudget(total: number): TextBudget {
  let remaining = total;
  return {
    get remaining() {
      return remaining;
    },
    take(text, max, marker = ' …') {
      const limit = Math.min(max, remaining);
      if (text.length > limit && limit < MIN_USEFUL) return undefined;
      const taken = truncateMrkdwn(text, limit, marker);
      if (taken.trim() === '') return undefined;
      remaining -= taken.length;
      return taken;
    },
  };
}
