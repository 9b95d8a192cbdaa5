/**
 * An error answered to the caller exactly the way HipChat answered it:
 * `{"error":{"code":<status>,"message":"…","type":"<reason phrase>"}}`, plus the
 * validation details (`field`, `validation`, …) HipChat added to 400s.
 *
 * @example
 * throw HipChatError.notFound('Room Ops Alerts not found');
 */
export class HipChatError extends Error {
  override readonly name = 'HipChatError';

  constructor(
    readonly status: number,
    message: string,
    /** Extra keys HipChat put beside `code`/`message`/`type`, e.g. `{ field: 'color' }`. */
    readonly details: Readonly<Record<string, string | readonly string[]>> = {},
  ) {
    super(message);
  }

  static badRequest(message: string, details?: Record<string, string | readonly string[]>) {
    return new HipChatError(400, message, details);
  }
  static unauthorized(message: string) {
    return new HipChatError(401, message);
  }
  static forbidden(message: string) {
    return new HipChatError(403, message);
  }
  static notFound(message: string) {
    return new HipChatError(404, message);
  }

  /** The JSON body HipChat sent with this status. */
  toBody(): HipChatErrorBody {
    return {
      error: {
        code: this.status,
        message: this.message,
        type: reasonPhrase(this.status),
        ...this.details,
      },
    };
  }
}

export interface HipChatErrorBody {
  error: { code: number; message: string; type: string } & Record<string, unknown>;
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The standard reason phrase of an HTTP status, as HipChat put it in `error.type`. */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Error';
}

/** HipChat's own wording, which some clients match on (see reference/hipchat-api.md §2, §4). */
export const HIPCHAT_MESSAGES = {
  noToken:
    'Authenticated requests only. See https://www.hipchat.com/docs/apiv2/auth for more information.',
  invalidToken: 'Invalid OAuth session',
  rateLimited:
    'You have exceeded the rate limit. See https://www.hipchat.com/docs/apiv2/rate_limiting for more information.',
} as const;
