/**
 * A request as a route sees it: the part of lambda-api's `Request` the routes read, declared
 * here so they depend on no framework and no runtime (lambda-api's request satisfies it; tests
 * may build one by hand). Values are as
 * the caller sent them: header names lower-case, query values and path parameters still
 * percent-encoded (a route decodes each once, `decodeUrlComponent`).
 *
 * @example
 * const room = decodeUrlComponent(req.params.room ?? '', 'path');
 * const contentType = req.headers['content-type'] ?? '';
 */
export interface ProxyRequest {
  /** Upper-case. A HEAD request runs the GET route and keeps `HEAD` here. */
  readonly method: string;
  /** The path as it arrived, query string excluded. */
  readonly path: string;
  /** Lower-case names; a repeated header's values joined with `,`. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** One raw value per name, the last one when a name repeats. */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The route's `:name` segments, raw. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** The body as the load balancer passed it: text, or base64 if `isBase64Encoded`. */
  readonly rawBody: string | null | undefined;
  readonly isBase64Encoded: boolean;
  /**
   * The body parsed without validation, for what only looks at it (v1's `format`): the
   * fields of a form body, else the JSON value if it parses, else the text. Routes read their
   * fields from `rawBody` (readRequestBody), which answers HipChat's 400s.
   */
  readonly body: unknown;
  /**
   * The Lambda invocation (local: `npm start`'s stand-in; none: `{}`): its request id ties the
   * log line to it, and its remaining time bounds the Slack deadline.
   */
  readonly context: {
    readonly awsRequestId?: string;
    getRemainingTimeInMillis?(): number;
  };
}
