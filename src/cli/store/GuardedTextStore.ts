/**
 * A text document (the whitelist, the Slack token secret) that several operators may edit at
 * once. `write` succeeds only if the document is still at `basedOn`, the version `read`
 * returned; otherwise it throws ConcurrentChangeError and nothing is overwritten.
 */
export interface GuardedTextStore {
  /** Where the document lives, for messages: `secret hipchat-slack-proxy/whitelist`, `file ./wl.json`. */
  readonly description: string;
  /**
   * `text` undefined: the document has no value yet (a new file, a secret created empty);
   * `absent`: nothing is there at all (a file that does not exist) — a write creates it, a
   * command that only reads says so.
   */
  read(): Promise<{ text: string | undefined; version: string | undefined; absent?: boolean }>;
  write(text: string, basedOn: string | undefined): Promise<{ version: string }>;
}
