import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type FakeSlackMessage, FakeSlackMessageBook } from './fakeSlackMessages.js';
import { attachmentTextsCut, slackRefusal } from './slackMessageRules.js';

export type { FakeSlackMessage, FakeSlackMessageContent } from './fakeSlackMessages.js';

/**
 * One scripted answer of the fake Slack. `delayMs` (any kind) waits before answering.
 * - `ok`: HTTP 200 `{ ok: true, … }`. Without `body`, the fake answers as Slack would: for
 *   chat.postMessage and chat.update it posts or edits the message (or answers Slack's error for
 *   it, see `FakeSlack.messages`). A `body` is answered as is, and nothing is posted or edited.
 * - `error`: HTTP `status` (default 200) `{ ok: false, error }`, Slack's platform errors
 * - `rateLimited`: HTTP 429 with `Retry-After` (omit it to emulate a bad header)
 * - `http`: any status with a raw body (e.g. 500, 503)
 * - `hang`: never answers; the socket stays open until the client gives up or `close()`
 * - `reset`: reads the request, then resets the TCP connection (ECONNRESET for the client)
 */
export type FakeSlackResponse = { delayMs?: number } & (
  | { kind: 'ok'; body?: Record<string, unknown> }
  | { kind: 'error'; error: string; status?: number }
  | { kind: 'rateLimited'; retryAfter?: number | string }
  | { kind: 'http'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reset' }
);

/** A request as the fake received it. */
export interface FakeSlackRequest {
  /** The Web API method from the path, e.g. `chat.postMessage`. */
  method: string;
  path: string;
  contentType: string | undefined;
  /** The raw `Authorization` header. */
  authorization: string | undefined;
  /** The token Slack would use: the bearer token, else a `token` body field. */
  token: string | undefined;
  /** A `token` sent in the body (the SDK sends the per-call token there too). */
  bodyToken: string | undefined;
  /** The arguments, `token` removed; form fields holding JSON (attachments, blocks) parsed. */
  body: Record<string, unknown>;
  /** What the fake answered (`invalid_auth` for a refused token, else the scripted kind). */
  answeredWith: FakeSlackResponse['kind'] | 'invalid_auth' | 'not_authed';
  receivedAt: number;
  /** Set when the client closed the connection before the fake answered (an aborted request). */
  abandoned: boolean;
  /** For a posted or updated message: how many attachment texts Slack would have cut short, silently. */
  attachmentTextsCut?: number;
}

export interface FakeSlackOptions {
  /** Initial script; see `FakeSlack.script`. */
  responses?: FakeSlackResponse[];
  /** Tokens Slack accepts; others get `invalid_auth` (without consuming the script). Default: any. */
  isValidToken?: (token: string) => boolean;
  /** The workspace's members for `users.lookupByEmail`: e-mail → Slack user id; others `users_not_found`. */
  usersByEmail?: Record<string, string>;
  /**
   * The workspace's channels for `conversations.list`, one page each `pageSize` (default 1000);
   * `chat.postMessage` to one's `#name` answers (and stores the message under) its id.
   */
  channels?: { id: string; name: string }[];
  /**
   * Members `users.list` shows besides those of `usersByEmail` (which it lists too, unless
   * `hiddenFromList` names their address): deleted members, bots, people without an address.
   */
  members?: { id: string; email?: string; deleted?: boolean; isBot?: boolean }[];
  /** Addresses of `usersByEmail` that `users.list` leaves out (found by `users.lookupByEmail` only). */
  hiddenFromList?: string[];
  /** Items a page of `conversations.list` and `users.list` (default 1000; the request's `limit` if lower). */
  pageSize?: number;
  /**
   * The channels the bot is a member of; a file shared elsewhere is `not_in_channel` until
   * `conversations.join`. Default: a member of every channel. DMs are always open to it.
   */
  memberOf?: string[];
}

/** A file shared through Slack's upload flow, as the fake stored it. */
export interface FakeSlackFile {
  id: string;
  filename: string;
  /** The `length` announced to `files.getUploadURLExternal`. */
  length: number;
  /** The bytes POSTed to the upload URL. */
  bytes: Buffer;
  title: string | undefined;
  channel: string;
  initialComment: string | undefined;
}

export interface FakeSlack {
  /** Base URL for `slackApiUrl` / `SLACK_API_URL`: `http://127.0.0.1:<port>/api/`. */
  readonly url: string;
  readonly requests: readonly FakeSlackRequest[];
  /** Files completed with `files.completeUploadExternal`, in order. */
  readonly files: readonly FakeSlackFile[];
  /**
   * Every message posted, replies included, in order, each with its edits (`updates`, `current`)
   * and whether it was deleted. Slack's rules (fakeSlackMessages.ts): `thread_ts` must be a
   * top-level message of the channel (malformed or a reply's: `invalid_thread_ts`; deleted:
   * `thread_not_found`; unknown: ok but an `orphan`, shown nowhere); `chat.update` needs a channel
   * id (`channel_not_found`) and a live ts (`message_not_found`), keeps omitted attachments and
   * blocks, drops a custom username/icon not sent again. Scripted answers go first, as ever.
   */
  readonly messages: readonly FakeSlackMessage[];
  /** The message `ts` of `channel` (an id, or a `#name` of `FakeSlackOptions.channels`), deleted or not. */
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  /** The replies in the thread of the message `ts` of `channel`, oldest first. */
  replies(channel: string, ts: string): FakeSlackMessage[];
  /**
   * Deletes a message as a person in Slack would: replying to it is then `thread_not_found`,
   * updating it `message_not_found`. False when there is no such (live) message.
   */
  deleteMessage(channel: string, ts: string): boolean;
  /** The channels the bot is a member of (see `FakeSlackOptions.memberOf`); replaceable. */
  memberOf: Set<string> | undefined;
  /** Appends answers, used one per request in order; when the script is empty: `ok`. */
  script(...responses: FakeSlackResponse[]): void;
  /** Replaceable at any time, e.g. to rotate the valid token mid-test. */
  isValidToken: (token: string) => boolean;
  /**
   * Answers requests the script has no answer for (default: `ok`); e.g. a random failure
   * pattern or an outage window in the fault-injection suite. Told the Web API method called
   * (`chat.postMessage`, …; `upload` for the file host).
   */
  respond?: (method: string) => FakeSlackResponse;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every connection, hung ones included. */
  close(): Promise<void>;
}

const STRUCTURED_FIELDS = new Set(['attachments', 'blocks', 'metadata']);

/**
 * A Slack Web API stand-in on 127.0.0.1 (random port) for tests over real sockets: it records
 * every request and answers from a script (ok, platform errors, 429, 5xx, hangs, resets).
 *
 * @example
 * const slack = await startFakeSlack({ responses: [{ kind: 'http', status: 500 }] });
 * const delivery = createSlackDelivery({ tokens, slackApiUrl: slack.url, deadlineMs: 2_000 });
 * await delivery.deliver({ channel: 'C1', text: 'hi' }); // 500, then the default ok
 * await slack.close();
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const queue: FakeSlackResponse[] = [...(options.responses ?? [])];
  const requests: FakeSlackRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let messageCount = 0;
  const nextTs = () => {
    messageCount += 1;
    return `${1_700_000_000 + messageCount}.000100`;
  };
  const book = new FakeSlackMessageBook(options.channels ?? [], nextTs);
  let closing = false;
  const files: FakeSlackFile[] = [];
  const state: FileState = {
    uploads: new Map(),
    uploadsStarted: 0,
    files,
    memberOf: options.memberOf === undefined ? undefined : new Set(options.memberOf),
    baseUrl: '',
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const handle = (req: IncomingMessage, res: ServerResponse, rawBytes: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const isUpload = path.startsWith(UPLOAD_PATH);
    if (!path.startsWith('/api/') && !isUpload) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const rawBody = isUpload ? '' : rawBytes.toString('utf8');
    const contentType = req.headers['content-type'];
    const { token: bodyToken, ...body } = parseBody(rawBody, contentType);
    const authorization = req.headers.authorization;
    const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const token = bearer ?? (typeof bodyToken === 'string' ? bodyToken : undefined);

    const method = isUpload ? 'upload' : path.slice('/api/'.length);
    let response: FakeSlackResponse;
    let answeredWith: FakeSlackRequest['answeredWith'];
    if (isUpload) {
      // The upload URL is the credential: no token, as on Slack's file host.
      response = queue.shift() ?? fake.respond?.('upload') ?? { kind: 'ok' };
      answeredWith = response.kind;
    } else if (token === undefined || token === '') {
      response = { kind: 'error', error: 'not_authed' };
      answeredWith = 'not_authed';
    } else if (!fake.isValidToken(token)) {
      response = { kind: 'error', error: 'invalid_auth' };
      answeredWith = 'invalid_auth';
    } else {
      response = queue.shift() ?? fake.respond?.(method) ?? { kind: 'ok' };
      // A message Slack itself would refuse is refused here too, whatever the script says.
      const refusal = method === 'chat.postMessage' ? slackRefusal(body) : undefined;
      if (response.kind === 'ok' && refusal !== undefined) {
        response = { kind: 'error', error: refusal };
      }
      // Posted or edited on arrival: a client that gives up before the answer still leaves it.
      if (response.kind === 'ok' && response.body === undefined) {
        const answer =
          method === 'chat.postMessage'
            ? book.post(body)
            : method === 'chat.update'
              ? book.update(body)
              : undefined;
        if (answer !== undefined) {
          const { delayMs } = response;
          response = answer.ok
            ? { kind: 'ok', body: answer, delayMs }
            : { kind: 'error', error: answer.error, delayMs };
        }
      }
      answeredWith = response.kind;
    }

    const record: FakeSlackRequest = {
      method,
      path,
      contentType,
      authorization,
      token,
      bodyToken: typeof bodyToken === 'string' ? bodyToken : undefined,
      body,
      answeredWith,
      receivedAt: Date.now(),
      abandoned: false,
      ...(method === 'chat.postMessage' || method === 'chat.update'
        ? { attachmentTextsCut: attachmentTextsCut(body) }
        : {}),
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished && !closing && record.answeredWith !== 'reset') {
        record.abandoned = true;
      }
    });
    for (const wake of [...waiters]) wake();

    const answer = () =>
      isUpload
        ? respondToUpload(res, response, path, rawBytes)
        : respond(req, res, response, record);
    if (response.delayMs !== undefined && response.delayMs > 0) {
      const timer = setTimeout(answer, response.delayMs);
      res.on('close', () => clearTimeout(timer));
    } else {
      answer();
    }
  };

  const respond = (
    req: IncomingMessage,
    res: ServerResponse,
    response: FakeSlackResponse,
    record: FakeSlackRequest,
  ) => {
    if (res.destroyed) return;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    switch (response.kind) {
      case 'ok': {
        if (response.body === undefined) {
          const answer = methodAnswer(record, options, state);
          if (answer !== undefined) {
            json(200, answer);
            return;
          }
        }
        if (response.body !== undefined) {
          json(200, response.body);
          return;
        }
        const ts = nextTs();
        const channel = typeof record.body.channel === 'string' ? record.body.channel : 'C0FAKE';
        json(200, {
          ok: true,
          channel,
          ts,
          message: { type: 'message', text: record.body.text ?? '', ts },
        });
        return;
      }
      case 'error':
        json(response.status ?? 200, { ok: false, error: response.error });
        return;
      case 'rateLimited':
        json(
          429,
          { ok: false, error: 'ratelimited' },
          response.retryAfter === undefined ? {} : { 'retry-after': String(response.retryAfter) },
        );
        return;
      case 'http':
        res
          .writeHead(response.status, { 'content-type': 'text/plain', ...response.headers })
          .end(response.body ?? `HTTP ${response.status}`);
        return;
      case 'hang':
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
    }
  };

  /** Slack's file host: 200 `OK - <length>` once it holds exactly the announced bytes. */
  const respondToUpload = (
    res: ServerResponse,
    response: FakeSlackResponse,
    path: string,
    bytes: Buffer,
  ) => {
    if (res.destroyed) return;
    if (response.kind !== 'ok') {
      const status =
        response.kind === 'http' ? response.status : response.kind === 'rateLimited' ? 429 : 500;
      if (response.kind === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`HTTP ${status}`);
      return;
    }
    const upload = state.uploads.get(path.slice(UPLOAD_PATH.length));
    if (upload === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown upload');
      return;
    }
    // Stricter than Slack is known to be: the bytes must be exactly the announced length.
    if (bytes.length !== upload.length) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('length mismatch');
      return;
    }
    upload.bytes = bytes;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url: `http://127.0.0.1:${port}/api/`,
    requests,
    files,
    messages: book.all,
    message: (channel, ts) => book.find(channel, ts),
    replies: (channel, ts) => book.replies(channel, ts),
    deleteMessage: (channel, ts) => book.delete(channel, ts),
    get memberOf() {
      return state.memberOf;
    },
    set memberOf(channels) {
      state.memberOf = channels;
    },
    script: (...responses) => {
      queue.push(...responses);
    },
    isValidToken: options.isValidToken ?? (() => true),
    waitForRequests: (count, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (requests.length >= count) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake Slack saw ${requests.length} of ${count} requests`));
        }, timeoutMs);
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
  return fake;
}

/**
 * Slack's success shapes of the methods besides chat.postMessage (reference/slack-api.md §5):
 * a lookup of an unknown address is Slack's `users_not_found`, a DM opens as `D` + the user id.
 */
function methodAnswer(
  record: FakeSlackRequest,
  options: FakeSlackOptions,
  state: FileState,
): Record<string, unknown> | undefined {
  const { body } = record;
  switch (record.method) {
    case 'files.getUploadURLExternal':
    case 'files.completeUploadExternal':
    case 'conversations.join':
      return fileAnswer(record, state);
    case 'conversations.list':
      return { ok: true, ...page('channels', options.channels ?? [], body, options) };
    case 'users.list': {
      const hidden = new Set(options.hiddenFromList ?? []);
      const members = [
        ...Object.entries(options.usersByEmail ?? {})
          .filter(([email]) => !hidden.has(email))
          .map(([email, id]) => slackUser(id, email)),
        ...(options.members ?? []).map((member) => ({
          ...slackUser(member.id, member.email),
          deleted: member.deleted === true,
          is_bot: member.isBot === true,
        })),
      ];
      return { ok: true, ...page('members', members, body, options) };
    }
    case 'users.lookupByEmail': {
      const id = typeof body.email === 'string' ? options.usersByEmail?.[body.email] : undefined;
      return id === undefined
        ? { ok: false, error: 'users_not_found' }
        : { ok: true, user: slackUser(id, String(body.email)) };
    }
    case 'users.info': {
      const id = typeof body.user === 'string' ? body.user : '';
      const email = Object.entries(options.usersByEmail ?? {}).find(
        ([, known]) => known === id,
      )?.[0];
      return email === undefined
        ? { ok: false, error: 'user_not_found' }
        : { ok: true, user: slackUser(id, email) };
    }
    case 'conversations.open':
      return { ok: true, channel: { id: `D${String(body.users ?? 'X').replace(/^[UW]/, '')}` } };
    case 'conversations.setTopic':
      return { ok: true, channel: { id: body.channel, topic: { value: body.topic } } };
    default:
      return undefined;
  }
}

/** One page of a cursor-paged list: the cursor is the next item's index, as opaque to clients. */
function page(
  key: string,
  all: readonly unknown[],
  body: Record<string, unknown>,
  options: FakeSlackOptions,
): Record<string, unknown> {
  const limit = Number(body.limit);
  const size = Math.min(options.pageSize ?? 1000, limit > 0 ? limit : 1000);
  const start = typeof body.cursor === 'string' && body.cursor !== '' ? Number(body.cursor) : 0;
  const next = start + size < all.length ? String(start + size) : '';
  return { [key]: all.slice(start, start + size), response_metadata: { next_cursor: next } };
}

const UPLOAD_PATH = '/upload/v1/';

interface FileState {
  /** Started uploads by file id: announced name and length, bytes once POSTed. */
  uploads: Map<string, { filename: string; length: number; bytes?: Buffer }>;
  /** Every upload ever started: file ids are never reused, as finished uploads leave `uploads`. */
  uploadsStarted: number;
  files: FakeSlackFile[];
  memberOf: Set<string> | undefined;
  baseUrl: string;
}

/**
 * Slack's upload flow (reference/slack-api.md, Files): `files.getUploadURLExternal` takes
 * form-encoded `filename` and `length` only (JSON is `invalid_arguments`), the bytes go to
 * the upload URL, `files.completeUploadExternal` shares the uploaded files in `channel_id`.
 */
function fileAnswer(record: FakeSlackRequest, state: FileState): Record<string, unknown> {
  const { body } = record;
  if (record.method === 'conversations.join') {
    if (typeof body.channel !== 'string') return { ok: false, error: 'channel_not_found' };
    state.memberOf?.add(body.channel);
    return { ok: true, channel: { id: body.channel } };
  }
  if (record.method === 'files.getUploadURLExternal') {
    const length = Number(body.length);
    const formEncoded = record.contentType?.includes('application/x-www-form-urlencoded');
    if (!formEncoded || typeof body.filename !== 'string' || body.filename === '') {
      return { ok: false, error: 'invalid_arguments' };
    }
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    state.uploadsStarted += 1;
    const id = `F${String(state.uploadsStarted).padStart(9, '0')}`;
    state.uploads.set(id, { filename: body.filename, length });
    return { ok: true, upload_url: `${state.baseUrl}${UPLOAD_PATH}${id}`, file_id: id };
  }
  const listed = typeof body.files === 'string' ? parseJsonOr(body.files) : body.files;
  const channel = body.channel_id;
  if (!Array.isArray(listed) || listed.length === 0)
    return { ok: false, error: 'invalid_arguments' };
  if (typeof channel !== 'string' || !/^[CGD][A-Z0-9]+$/.test(channel)) {
    return { ok: false, error: 'channel_not_found' };
  }
  if (!channel.startsWith('D') && state.memberOf !== undefined && !state.memberOf.has(channel)) {
    return { ok: false, error: 'not_in_channel' };
  }
  const shared: FakeSlackFile[] = [];
  for (const entry of listed as { id?: unknown; title?: unknown }[]) {
    const upload = typeof entry.id === 'string' ? state.uploads.get(entry.id) : undefined;
    if (upload?.bytes === undefined || typeof entry.id !== 'string') {
      return { ok: false, error: 'file_not_found' };
    }
    shared.push({
      id: entry.id,
      filename: upload.filename,
      length: upload.length,
      bytes: upload.bytes,
      title: typeof entry.title === 'string' ? entry.title : undefined,
      channel,
      initialComment: typeof body.initial_comment === 'string' ? body.initial_comment : undefined,
    });
  }
  for (const file of shared) state.uploads.delete(file.id);
  state.files.push(...shared);
  return { ok: true, files: shared.map(({ id, title }) => ({ id, title })) };
}

function parseBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.toLowerCase().includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(rawBody);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    body[key] = STRUCTURED_FIELDS.has(key) ? parseJsonOr(value) : value;
  }
  return body;
}

function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A Slack user object as `users.info` and `users.lookupByEmail` give it, named after the address. */
function slackUser(id: string, email: string | undefined) {
  const handle = email?.split('@')[0] ?? id.toLowerCase();
  return {
    id,
    name: handle,
    deleted: false,
    is_bot: false,
    real_name: handle
      .split(/[._-]/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join(' '),
    profile: { ...(email === undefined ? {} : { email }), display_name: handle },
  };
}
