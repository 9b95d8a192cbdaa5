/** One route as the router registers it: `:name` segments of `path` are parameters. */
export interface RouterEntry<H> {
  readonly method: string;
  readonly path: string;
  readonly handler: H;
}

/** Where a method and path lead: a handler with the path's parameters, or why not. */
export type RouteMatch<H> =
  | { readonly kind: 'found'; readonly handler: H; readonly params: Record<string, string> }
  | { readonly kind: 'unknown_path' }
  | { readonly kind: 'wrong_method' };

export interface Router<H> {
  match(method: string, path: string): RouteMatch<H>;
  /** Every method and path registered, as registered. */
  routes(): [method: string, path: string][];
}

interface Node<H> {
  readonly children: Map<string, Node<H>>;
  param: Node<H> | undefined;
  readonly methods: Map<string, { handler: H; params: [index: number, name: string][] }>;
}

/**
 * lambda-api kept a node's children in a plain object, so a segment named like a property of
 * `Object.prototype` (`constructor`, `toString`, `__proto__`…) found a "child" where a node
 * had any children: a node serving nothing, ahead of a parameter. `GET /v2/room/constructor`
 * answered 405 and `POST /v2/room/toString/notification` 404. Kept, so callers see the same
 * answers; a room with such a name cannot be reached.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const DEAD_END: Node<never> = { children: new Map(), param: undefined, methods: new Map() };

/**
 * The routing of lambda-api, which callers' answers depend on, in a tree of path segments:
 * - the path is split as lambda-api split it: the query string, a leading slash and
 *   trailing slashes ignored; segments are matched raw, still percent-encoded;
 * - at each segment a static child wins over a parameter, without backtracking;
 * - a path that reaches a node is `wrong_method` unless the node serves the method, HEAD
 *   being served by GET; a path that does not is `unknown_path`.
 *
 * @example
 * const router = createRouter([{ method: 'GET', path: '/v2/room/:room', handler: getRoom }]);
 * router.match('HEAD', '/v2/room/Ops%20Alerts/'); // { kind: 'found', handler: getRoom, params: { room: 'Ops%20Alerts' } }
 */
export function createRouter<H>(entries: readonly RouterEntry<H>[]): Router<H> {
  const root: Node<H> = emptyNode();
  for (const { method, path, handler } of entries) {
    let node = root;
    const params: [number, string][] = [];
    path
      .split('/')
      .filter((segment) => segment !== '')
      .forEach((segment, index) => {
        if (segment.startsWith(':')) {
          params.push([index, segment.slice(1)]);
          node.param ??= emptyNode();
          node = node.param;
        } else {
          const child = node.children.get(segment) ?? emptyNode<H>();
          node.children.set(segment, child);
          node = child;
        }
      });
    if (node.methods.has(method)) throw new Error(`${method} ${path} is registered twice`);
    node.methods.set(method, { handler, params });
  }

  return {
    match(method, path) {
      const segments = splitPath(path);
      let node = root;
      for (const segment of segments) {
        const hasChildren = node.children.size > 0 || node.param !== undefined;
        const next =
          node.children.get(segment) ??
          (hasChildren && INHERITED_NAMES.has(segment) ? DEAD_END : node.param);
        if (next === undefined) return { kind: 'unknown_path' };
        node = next;
      }
      const route =
        node.methods.get(method) ?? (method === 'HEAD' ? node.methods.get('GET') : undefined);
      if (route === undefined) return { kind: 'wrong_method' };
      const params: Record<string, string> = {};
      for (const [index, name] of route.params) params[name] = segments[index] ?? '';
      return { kind: 'found', handler: route.handler, params };
    },
    routes: () => entries.map(({ method, path }) => [method, path]),
  };
}

function emptyNode<H>(): Node<H> {
  return { children: new Map(), param: undefined, methods: new Map() };
}

/** lambda-api's parsePath: `/a/b//` and `/a/b?x` are `a`, `b`; without a leading slash nothing is stripped. */
function splitPath(path: string): string[] {
  if (path === '') return [];
  return (path.trim().split('?')[0] ?? '').replace(/^\/(.*?)(\/)*$/, '$1').split('/');
}
