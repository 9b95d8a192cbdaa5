/**
 * A text document (the whitelist, the Slack token secret) that several operators may edit at
 * once. `write` succeeds only if the document is still at `basedOn`, the version `read`
 * returned; otherwise it throws ConcurrentChangeError and nothing is overwritten.
 */
export interface GuardedTextStore {
  /** Where the document lives, for messages: `secret hipchat-slack-proxy/whitelist`, `file ./wl.json`. */
  readonly description: string;
  /** `text` undefined: the document has no value yet (a new file, a secret created empty). */
  read(): Promise<{ text: string | undefined; version: string | undefined }>;
  write(text: string, basedOn: string | undefined): Promise<{ version: string }>;
}
