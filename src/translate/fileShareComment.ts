import { escapeMrkdwn } from './escapeMrkdwn.js';
import { textToMrkdwn } from './textToMrkdwn.js';

/**
 * The message shown with a shared file. Slack shows a file as shared by the proxy's app —
 * `files.completeUploadExternal` takes no `username` — so the comment names the sender, as
 * the messages of the same token do: `*Jenkins*: Nightly build log`. The message is
 * HipChat text, shown literally like any text message.
 *
 * @example
 * fileShareComment({ sender: 'Jenkins', message: 'Nightly build log' }); // '*Jenkins*: Nightly build log'
 * fileShareComment({ sender: 'Jenkins', message: undefined });           // '*Jenkins* shared a file'
 */
export function fileShareComment(share: { sender: string; message: string | undefined }): string {
  const sender = `*${escapeMrkdwn(share.sender).replaceAll('*', '')}*`;
  const text = share.message === undefined ? '' : textToMrkdwn(share.message);
  return text === '' ? `${sender} shared a file` : `${sender}: ${text}`;
}
