import type { API, Request, Response } from 'lambda-api';
import lambdaApi from 'lambda-api';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { ValueUnavailableError } from '../config/createRefreshingValue.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { outcomeText } from '../metrics/Outcome.js';
import { USAGE_METRICS } from '../metrics/USAGE_METRICS.js';
import { answer } from '../routes/answer.js';
import { recordOf } from '../routes/recordOf.js';
import { ROUTES } from '../routes/routeTable.js';
import { RATE_LIMIT_HEADERS } from '../routes/setRateLimitHeaders.js';
import { callerOf } from './callerOf.js';

// lambda-api's typings describe its CommonJS build; the ESM build Node loads default-exports
// the factory itself, which the typings call `.default`.
const createAPI = lambdaApi as unknown as typeof lambdaApi.default;

/**
 * The proxy's routes as a lambda-api app — every entry of the route table (`ROUTES`), an
 * error handler that answers every failure the HipChat way, and one log line per request. It
 * knows HipChat and Slack, not how the request arrived (createAlbHandler adapts the ALB event;
 * the local server emulates the ALB).
 *
 * @example
 * const api = createProxyApi(deps);
 * const result = await api.run(albEvent, context);
 */
export function createProxyApi(deps: ProxyDependencies): API {
  // lambda-api's own logger would print raw error messages; ours writes one line per request.
  // Rate-limit headers set before a refusal must survive it: HypChat reads them on every answer.
  const api = createAPI({ logger: false, errorHeaderWhitelist: [...RATE_LIMIT_HEADERS] });

  for (const route of ROUTES) {
    api.METHOD([...route.methods], route.path, async (req: Request, res: Response) => {
      await route.handle(deps, req, res, route);
      // lambda-api waits forever for a handler that neither answers nor fails.
      if (recordOf(req).status === undefined) throw new Error(`${route.name} did not answer`);
    });
    // lambda-api answers HEAD with the GET route; a HEAD must never send a message.
    if (route.changes && route.methods.includes('GET')) {
      api.head(route.path, (req: Request) => {
        recordOf(req).outcome = { kind: 'wrong_method' };
        throw methodNotAllowed(req);
      });
    }
  }
  reachEveryName(api);

  api.use((error: Error, req: Request, res: Response, _next: () => void) => {
    const failure = toHipChatError(error, deps, req);
    answer(req, res, failure.status, failure.toBody());
  });

  api.finally((req: Request) => {
    const { startedAt, ...record } = recordOf(req);
    deps.logger.info('request', {
      method: req.method,
      path: withoutPersonalData(req.path),
      ...record,
      // A HipChat call refused before a token was recognised (401) says so; a health check
      // carries no token to recognise.
      tokenLabel: record.tokenLabel ?? (isHealthCheck(record.route) ? undefined : NO_VALID_TOKEN),
      outcome: record.outcome === undefined ? undefined : outcomeText(record.outcome),
      // Who called and over which listener: `usage` shows who still sends over plain HTTP.
      ...callerOf(req),
      ...requestIds(req),
      durationMs: Date.now() - startedAt,
      // The same line is the usage metrics (EMF): one write per request.
      ...deps.usageMetrics?.fieldsFor(record),
    });
  });

  return api;
}

const NO_VALID_TOKEN = USAGE_METRICS.noLabel;

function isHealthCheck(route: string | undefined): boolean {
  return route === 'health' || route === 'health.ready';
}

function methodNotAllowed(req: Request): HipChatError {
  return new HipChatError(405, `Method ${req.method} is not allowed on this resource.`);
}

/** The shape of lambda-api's route tree (`api._routes`): a node's children by path segment. */
interface RouteNode {
  ROUTES?: Record<string, RouteNode>;
}

/**
 * lambda-api keeps a node's children in a plain object and looks a segment up with `[]`, so a
 * segment named like a property of `Object.prototype` (`constructor`, `toString`,
 * `__proto__`…) finds the inherited property instead of the `:room` parameter: a room so named
 * answered 404 or 405. With no prototype behind them, such a segment is a parameter's value
 * like any other. Registration is over, so nothing adds a node afterwards.
 */
function reachEveryName(api: API): void {
  const visit = (node: RouteNode): void => {
    if (node.ROUTES === undefined) return;
    Object.setPrototypeOf(node.ROUTES, null);
    for (const child of Object.values(node.ROUTES)) visit(child);
  };
  visit((api as unknown as { _routes: RouteNode })._routes);
}

/**
 * Every failure becomes a HipChat-shaped answer: the caller's mistakes as 4xx, our own and
 * Slack's as 5xx without internals, never a stack trace.
 */
function toHipChatError(error: Error, deps: ProxyDependencies, req: Request): HipChatError {
  const record = recordOf(req);
  if (error instanceof HipChatError) {
    record.outcome ??= { kind: 'rejected', detail: String(error.status) };
    return error;
  }
  switch (error.name) {
    case 'RouteError':
      record.outcome = { kind: 'unknown_path' };
      return HipChatError.notFound('The requested resource was not found.');
    case 'MethodError':
      record.outcome = { kind: 'wrong_method' };
      return methodNotAllowed(req);
    case 'URIError':
      // lambda-api percent-decodes every cookie before any route runs.
      record.outcome = { kind: 'malformed_request' };
      return HipChatError.badRequest('The request has a malformed percent-encoding.');
  }
  if (error instanceof ValueUnavailableError) {
    record.outcome = { kind: 'unavailable', detail: error.valueName };
    deps.logger.error('dependency unavailable, refusing the request', {
      ...requestIds(req),
      dependency: error.valueName,
      cause: describeCause(error.cause),
    });
    return new HipChatError(503, 'The service is temporarily unavailable, please retry.');
  }
  record.outcome = { kind: 'internal_error' };
  // Our own bug: the stack is for the engineer (minified positions; the bundle's .map maps
  // them, docs/deploy.md), never for the caller.
  deps.logger.error('unexpected failure', {
    ...requestIds(req),
    errorName: error.name,
    cause: describeCause(error),
    stack: error.stack,
  });
  return new HipChatError(500, 'An internal error occurred; the message was not delivered.');
}

/** Ties a line to the ALB access log and to the Lambda invocation. */
function requestIds(req: Request): { traceId: string | undefined; requestId: string | undefined } {
  return { traceId: req.headers['x-amzn-trace-id'], requestId: req.context?.awsRequestId };
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** A private message's path names a person (an e-mail address): logs keep only its shape. */
function withoutPersonalData(path: string): string {
  return path.replace(/^(\/+v2\/+user\/+)[^/]+/, '$1{id_or_email}');
}
