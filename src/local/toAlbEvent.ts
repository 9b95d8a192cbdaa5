import { randomBytes } from 'node:crypto';
import type { ALBEvent } from 'aws-lambda';

/** The raw parts of an HTTP request, as a Node server sees them. */
export interface RawHttpRequest {
  method: string;
  /** The request target as sent: path and query string, still percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order. */
  rawHeaders: readonly string[];
  body: Buffer;
  remoteAddress?: string;
  localPort?: number;
  /** The listener it arrived on: the ALB's HTTPS listener says so in `x-forwarded-proto`. */
  protocol?: 'http' | 'https';
}

export interface AlbEmulationOptions {
  /** The target group attribute `lambda.multi_value_headers.enabled`. */
  multiValueHeaders: boolean;
}

const LOCAL_TARGET_GROUP_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/hipchat-proxy-local/0000000000000000';

/**
 * Builds the event an Application Load Balancer would hand the Lambda for this request,
 * following the documented contract (reference/aws-alb-lambda.md §1): path and query left
 * percent-encoded, lower-case header names, the last value of a repeated key (single-value
 * mode) or all of them (multi-value mode), and the body base64-encoded unless it is
 * uncompressed text, JSON, JavaScript or XML.
 *
 * @example
 * toAlbEvent({ method: 'POST', url: '/v2/room/Ops%20Alerts/notification', rawHeaders, body }, { multiValueHeaders: false });
 */
export function toAlbEvent(request: RawHttpRequest, options: AlbEmulationOptions): ALBEvent {
  const queryStart = request.url.indexOf('?');
  const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : request.url.slice(queryStart + 1);

  const headerValues = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    headerValues.set(key, [...(headerValues.get(key) ?? []), value]);
  };
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    add(request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string);
  }
  add('x-forwarded-for', request.remoteAddress ?? '127.0.0.1');
  add('x-forwarded-proto', request.protocol ?? 'http');
  add('x-forwarded-port', String(request.localPort ?? 80));
  add(
    'x-amzn-trace-id',
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  );

  const queryValues = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    queryValues.set(key, [...(queryValues.get(key) ?? []), value]);
  }

  const { body, isBase64Encoded } = encodeBody(request.body, headerValues);
  const base = {
    requestContext: { elb: { targetGroupArn: LOCAL_TARGET_GROUP_ARN } },
    httpMethod: request.method.toUpperCase(),
    path,
    body,
    isBase64Encoded,
  };
  if (options.multiValueHeaders) {
    return {
      ...base,
      multiValueHeaders: Object.fromEntries(headerValues),
      multiValueQueryStringParameters: Object.fromEntries(queryValues),
    };
  }
  const last = (values: Map<string, string[]>) =>
    Object.fromEntries([...values].map(([key, all]) => [key, all.at(-1) ?? '']));
  return { ...base, headers: last(headerValues), queryStringParameters: last(queryValues) };
}

const TEXT_CONTENT_TYPES = [
  /^text\//,
  /^application\/json/,
  /^application\/javascript/,
  /^application\/xml/,
];

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function encodeBody(
  bytes: Buffer,
  headers: ReadonlyMap<string, string[]>,
): { body: string; isBase64Encoded: boolean } {
  if (bytes.length === 0) return { body: '', isBase64Encoded: false };
  const contentType = (headers.get('content-type')?.at(-1) ?? '').trim().toLowerCase();
  const passedAsText =
    !headers.has('content-encoding') && TEXT_CONTENT_TYPES.some((type) => type.test(contentType));
  // The ALB cannot put bytes that are not UTF-8 into its JSON event as text (it refuses such a
  // request itself, reference/aws-alb-lambda.md §1); passing them base64-encoded instead lets the
  // handler answer HipChat's 400 rather than see them silently replaced with U+FFFD.
  return passedAsText && isUtf8(bytes)
    ? { body: bytes.toString('utf8'), isBase64Encoded: false }
    : { body: bytes.toString('base64'), isBase64Encoded: true };
}
