import type { FileShare } from '../delivery/shareFileToSlack.js';
import { MAX_SHARED_FILE_BODY_BYTES, readSharedFile } from '../hipchat/readSharedFile.js';
import { fileShareComment } from '../translate/fileShareComment.js';
import { fileTitle } from '../translate/fileTitle.js';
import type { ProxyRequest } from './ProxyRequest.js';

/**
 * What a `share/file` request asks to share: its file (read from the raw
 * multipart body, up to the ALB's 1 MB) titled with its name (`fileTitle`: it never pings), and its message as the
 * comment, signed with the sender's name. Shared by the room and the user route.
 *
 * @example
 * await shareFileToSlack(deps, context, { channel: 'C0123456789', ...fileShareFrom(req, 'Jenkins') }, 'Ops Alerts');
 */
export function fileShareFrom(req: ProxyRequest, sender: string): Omit<FileShare, 'channel'> {
  const shared = readSharedFile({
    body: req.rawBody,
    isBase64Encoded: req.isBase64Encoded,
    contentType: req.headers['content-type'] ?? '',
    maxBytes: MAX_SHARED_FILE_BODY_BYTES,
  });
  return {
    filename: shared.filename,
    title: fileTitle(shared.filename),
    bytes: shared.bytes,
    initialComment: fileShareComment({ sender, message: shared.message }),
  };
}
