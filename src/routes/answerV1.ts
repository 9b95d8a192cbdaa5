import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { toXml } from '../hipchat/toXml.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import type { Route, RouteHandler } from './Route.js';
import { recordOf } from './recordOf.js';

/** What a v1 route hands back: the status and JSON body HipChat v1 answered with. */
export interface V1Answer {
  status: number;
  body: Record<string, unknown>;
  /** The XML root element for `format=xml`. */
  xmlRoot: string;
}

/** A v1 route: like any route, but it hands its answer back for `answerV1` to send. */
export type V1RouteHandler = (
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: Route,
) => Promise<V1Answer | undefined>;

/**
 * Runs a v1 route and answers in the format the caller asked for (`format=json`, the default,
 * or `format=xml`, in the query or the form body): success as the route says, refusals as
 * v1's `{"error":{…}}` (or its XML form). Errors of a JSON caller go on to the shared error
 * handler unchanged.
 *
 * @example
 * { methods: ['POST'], path: '/v1/rooms/topic', name: 'v1.rooms.topic', scopes: ['admin_room'], handle: answerV1(setV1RoomTopic) }
 */
export function answerV1(v1Route: V1RouteHandler): RouteHandler {
  return async (deps, req, res, route) => {
    let answer: V1Answer | undefined;
    try {
      answer = await v1Route(deps, req, res, route);
    } catch (error) {
      if (!(error instanceof HipChatError) || !wantsXml(req)) throw error;
      recordOf(req).outcome ??= { kind: 'rejected', detail: String(error.status) };
      answer = { status: error.status, body: { ...error.toBody() }, xmlRoot: 'response' };
    }
    if (answer === undefined) return;
    recordOf(req).status = answer.status;
    if (wantsXml(req)) {
      const [rootKey, inner] =
        Object.keys(answer.body).length === 1 && 'error' in answer.body
          ? ['error', answer.body.error]
          : [answer.xmlRoot, answer.body];
      res
        .status(answer.status)
        .header('content-type', 'application/xml; charset=utf-8')
        .send(toXml(rootKey, inner));
      return;
    }
    res.status(answer.status).json(answer.body);
  };
}

function wantsXml(req: ProxyRequest): boolean {
  const fromQuery = req.query.format;
  const fromBody =
    typeof req.body === 'object' && req.body !== null
      ? (req.body as Record<string, unknown>).format
      : undefined;
  const format = typeof fromQuery === 'string' ? decodeUrlComponent(fromQuery, 'query') : fromBody;
  return typeof format === 'string' && format.trim().toLowerCase() === 'xml';
}
