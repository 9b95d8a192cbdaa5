/**
 * What a route answers through: the part of lambda-api's `Response` the routes use, declared
 * here for the same reason as `ProxyRequest`. An answer starts as a 200 with
 * `content-type: application/json`; `send` or `json` is the answer, and a thrown error
 * replaces everything but the headers the app keeps on errors (the rate-limit headers).
 *
 * @example
 * res.status(200).json({ status: 'ok' });
 * res.removeHeader('content-type').status(204).send('');
 */
export interface ProxyResponse {
  status(code: number): this;
  /** Sets a header, replacing any value it had; the name is stored lower-case. */
  header(name: string, value: string): this;
  removeHeader(name: string): this;
  /** Answers with this text as the body. */
  send(body: string): void;
  /** Answers with the value as JSON (`JSON.stringify`) and `content-type: application/json`. */
  json(body: unknown): void;
}
