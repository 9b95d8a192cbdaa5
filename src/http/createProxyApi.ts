import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { ValueUnavailableError } from '../config/createRefreshingValue.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { outcomeText } from '../metrics/Outcome.js';
import { AuthTestPassed } from '../routes/AuthTestPassed.js';
import { answer } from '../routes/answer.js';
import type { ProxyRequest } from '../routes/ProxyRequest.js';
import type { ProxyResponse } from '../routes/ProxyResponse.js';
import { recordOf } from '../routes/recordOf.js';
import { ROUTES } from '../routes/routeTable.js';
import { RATE_LIMIT_HEADERS } from '../routes/setRateLimitHeaders.js';
import { createHttpApp, type HttpApp } from './createHttpApp.js';
import { RoutingError } from './RoutingError.js';

/**
 * The proxy's routes as an app of the HTTP core — every entry of the route table (`ROUTES`),
 * an error handler that answers every failure the HipChat way, and one log line per request.
 * It knows HipChat and Slack, not how the request arrived (createAlbHandler adapts the ALB
 * event; the local server emulates the ALB).
 *
 * @example
 * const api = createProxyApi(deps);
 * const answer = await api.handle(incoming); // { status, headers, body }
 */
export function createProxyApi(deps: ProxyDependencies): HttpApp {
  return createHttpApp({
    routes: ROUTES.flatMap((route) =>
      route.methods.map((method) => ({
        method,
        path: route.path,
        handle: (req: ProxyRequest, res: ProxyResponse) => route.handle(deps, req, res, route),
      })),
    ),
    // Rate-limit headers set before a refusal must survive it: HypChat reads them on every answer.
    keptOnError: RATE_LIMIT_HEADERS,
    onError: (error, req, res) => {
      if (error instanceof AuthTestPassed) {
        recordOf(req).outcome = { kind: 'auth_test' };
        answer(req, res, 202, AuthTestPassed.BODY);
        return;
      }
      const failure = toHipChatError(error, deps, req);
      answer(req, res, failure.status, failure.toBody());
    },
    onAnswered: (req) => {
      const { startedAt, ...record } = recordOf(req);
      deps.logger.info('request', {
        method: req.method,
        path: withoutPersonalData(req.path),
        ...record,
        outcome: record.outcome === undefined ? undefined : outcomeText(record.outcome),
        // Ties the line to the ALB access log and to the Lambda invocation.
        traceId: req.headers['x-amzn-trace-id'],
        requestId: req.requestId,
        durationMs: Date.now() - startedAt,
        // The same line is the usage metrics (EMF): one write per request.
        ...deps.usageMetrics?.fieldsFor(record),
      });
    },
  });
}

/**
 * Every failure becomes a HipChat-shaped answer: the caller's mistakes as 4xx, our own and
 * Slack's as 5xx without internals, never a stack trace.
 */
function toHipChatError(error: unknown, deps: ProxyDependencies, req: ProxyRequest): HipChatError {
  const record = recordOf(req);
  if (error instanceof HipChatError) {
    record.outcome ??= { kind: 'rejected', detail: String(error.status) };
    return error;
  }
  if (error instanceof RoutingError) {
    record.outcome = { kind: error.kind };
    return error.kind === 'unknown_path'
      ? HipChatError.notFound('The requested resource was not found.')
      : new HipChatError(405, `Method ${req.method} is not allowed on this resource.`);
  }
  if (error instanceof URIError) {
    // The core refuses a Cookie header it cannot percent-decode, before any route runs.
    record.outcome = { kind: 'malformed_request' };
    return HipChatError.badRequest('The request has a malformed percent-encoding.');
  }
  if (error instanceof ValueUnavailableError) {
    record.outcome = { kind: 'unavailable', detail: error.valueName };
    deps.logger.error('dependency unavailable, refusing the request', {
      dependency: error.valueName,
      cause: describeCause(error.cause),
    });
    return new HipChatError(503, 'The service is temporarily unavailable, please retry.');
  }
  record.outcome = { kind: 'internal_error' };
  // Our own bug: the stack is for the engineer (minified positions; the bundle's .map maps
  // them, docs/deploy.md), never for the caller.
  deps.logger.error('unexpected failure', {
    errorName: error instanceof Error ? error.name : undefined,
    cause: describeCause(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return new HipChatError(500, 'An internal error occurred; the message was not delivered.');
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** A private message's path names a person (an e-mail address): logs keep only its shape. */
function withoutPersonalData(path: string): string {
  return path.replace(/^(\/+v2\/+user\/+)[^/]+/, '$1{id_or_email}');
}
