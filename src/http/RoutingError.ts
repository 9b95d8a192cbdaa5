/**
 * No route answers the request: nothing is served at its path (`unknown_path`, a 404), or
 * the path is served for other methods only (`wrong_method`, a 405). Thrown by the core into
 * the app's error handler, which words the answer.
 *
 * @example
 * if (error instanceof RoutingError && error.kind === 'wrong_method') answer405();
 */
export class RoutingError extends Error {
  override readonly name = 'RoutingError';

  constructor(readonly kind: 'unknown_path' | 'wrong_method') {
    super(kind === 'unknown_path' ? 'No route serves this path' : 'No route for this method');
  }
}
