export interface TextBudget {
  /** What is left to spend. */
  readonly remaining: number;
  /** Charges `text` and returns `true` when all of it fits in what is left; else charges nothing. */
  spend(text: string): boolean;
}

/**
 * A running total of the text put into blocks. Slack rejects a message whose blocks hold too
 * much text altogether (`msg_blocks_too_long`, undocumented, seen at ~11–13k characters), even
 * when each block is within its own limit; charging every piece against one budget keeps the
 * whole message under it by construction. A piece is taken whole or not at all: what does not
 * fit is shown elsewhere (see `cardToBlocks`), never cut.
 *
 * @example
 * const budget = createTextBudget(8_000);
 * if (!budget.spend(description)) overflow.push(description);
 */
export function createTextBudget(total: number): TextBudget {
  let remaining = total;
  return {
    get remaining() {
      return remaining;
    },
    spend(text) {
      if (text.length > remaining) return false;
      remaining -= text.length;
      return true;
    },
  };
}
