import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { TokenScope } from '../auth/whitelistSchema.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';

/** What answers a route: it receives its own table entry, so its name and scopes live there. */
export type RouteHandler = (
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: Route,
) => Promise<void> | void;

/** One endpoint of the HipChat API, as the route table lists it. */
export interface Route {
  /** The HTTP methods it answers (v1's `rooms/message` takes GET as well as POST). */
  readonly methods: readonly ('GET' | 'POST' | 'PUT')[];
  /** The path; a `:name` segment is a parameter (`:room`, read as `req.params.room`). */
  readonly path: string;
  /** Its name in the request's log line and metrics (`route`). */
  readonly name: string;
  /** The HipChat scopes any one of which lets a token call it; none: no token needed. */
  readonly scopes: readonly TokenScope[];
  /**
   * Whether answering changes something outside (a message sent, a topic set). A HEAD must never
   * change anything: on such a route it is refused (405) instead of running the GET route, which
   * v1's `rooms/message` has; other GET routes answer HEAD as GET, without a body.
   */
  readonly changes: boolean;
  readonly handle: RouteHandler;
}
