/**
 * A finished answer, before an adapter shapes it for its runtime (createAlbHandler: the ALB's
 * result, in the header mode of the request).
 *
 * @example
 * const answer: HttpAnswer = { status: 204, headers: { 'x-ratelimit-limit': ['500'] }, body: '' };
 */
export interface HttpAnswer {
  readonly status: number;
  /** Lower-case names, in the order they were first set, each with its values. */
  readonly headers: Record<string, string[]>;
  readonly body: string;
}
