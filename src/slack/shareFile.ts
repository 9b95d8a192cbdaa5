import { WebAPIHTTPError, WebAPIRequestError } from '@slack/web-api';
import type { DeadlinePolicy, SlackSend } from './createDeadlinePolicy.js';
import type { SlackCallOutcome, SlackFileShare, SlackMethods } from './SlackMethods.js';

/** What the upload flow runs its steps with: the client's Web API calls and its deadline rules. */
export interface FileShareClient {
  call: SlackMethods['call'];
  policy: Pick<DeadlinePolicy, 'within' | 'budgetOf'>;
}

/**
 * Slack's three-step upload under one deadline: `files.getUploadURLExternal` for an upload URL
 * and file id, the bytes POSTed to that URL, `files.completeUploadExternal` to share the file
 * in the conversation. Each step gets what is left of the budget and the client's retry
 * rules; `attempts` and `latencyMs` cover all three. A failure is the failed step's outcome.
 *
 * @example
 * const outcome = await shareFile({ channelId: 'C0123456789', filename: 'build.log', title: 'build.log', bytes }, { deadlineMs: 5_000 }, { call, policy });
 */
export async function shareFile(
  file: SlackFileShare,
  callOptions: { deadlineMs?: number } | undefined,
  { call, policy }: FileShareClient,
): Promise<SlackCallOutcome> {
  const started = performance.now();
  const deadline = started + policy.budgetOf(callOptions);
  const left = () => ({ deadlineMs: Math.max(0, deadline - performance.now()) });
  let attempts = 0;
  const total = (outcome: SlackCallOutcome): SlackCallOutcome => ({
    ...outcome,
    attempts: attempts + outcome.attempts,
    latencyMs: Math.round(performance.now() - started),
  });

  const asked = await call(
    'files.getUploadURLExternal',
    { filename: file.filename, length: file.bytes.byteLength },
    left(),
  );
  if (asked.kind !== 'ok') return total(asked);
  attempts += asked.attempts;
  const { upload_url: uploadUrl, file_id: fileId } = asked.response;
  if (
    typeof uploadUrl !== 'string' ||
    !/^https?:\/\//.test(uploadUrl) ||
    typeof fileId !== 'string'
  ) {
    return total({
      kind: 'transient',
      reason: 'unavailable',
      slackError: 'invalid_response',
      attempts: 0,
      latencyMs: 0,
    });
  }
  const sent = await policy.within(uploadBytes(uploadUrl, file.bytes), left());
  if (sent.kind !== 'ok') return total(sent);
  attempts += sent.attempts;
  return total(
    await call(
      'files.completeUploadExternal',
      {
        files: JSON.stringify([{ id: fileId, title: file.title }]),
        channel_id: file.channelId,
        ...(file.initialComment === undefined ? {} : { initial_comment: file.initialComment }),
      },
      left(),
    ),
  );
}

/**
 * The upload step: the bytes to the URL Slack gave, without the token (the URL is the
 * credential). It fails with the errors the WebClient throws for its own requests, a
 * `WebAPIRequestError` (no answer: refused, reset, aborted) or a `WebAPIHTTPError` (an answer
 * other than 200, with its Retry-After), so `classifySlackError` reads both steps alike.
 *
 * @example
 * await policy.within(uploadBytes('https://files.slack.com/upload/v1/abc', bytes));
 */
export function uploadBytes(url: string, bytes: Uint8Array): SlackSend {
  return async (_token, signal) => {
    let response: Response;
    try {
      // The file host is not the Web API: the platform's fetch, not the client's transport.
      response = await globalThis.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        signal,
      });
    } catch (error) {
      throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
    }
    const text = await response.text();
    if (response.status !== 200) {
      const retryAfter = response.headers.get('retry-after');
      throw new WebAPIHTTPError(
        response.status,
        response.statusText,
        retryAfter === null ? {} : { 'retry-after': retryAfter },
      );
    }
    return { ok: true, upload: text.slice(0, 200) };
  };
}
