import type { ALBEvent } from 'aws-lambda';

export interface AlbEventSpec {
  method?: string;
  /** As the ALB passes it: still percent-encoded. */
  path: string;
  /** Raw query string without `?`, still percent-encoded, e.g. `auth_token=abc&x=1`. */
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Encode the body as the ALB does for form bodies, missing content types and compression. */
  base64?: boolean;
  multiValue?: boolean;
}

/**
 * An ALB→Lambda event shaped like the ones in the AWS docs (reference/aws-alb-lambda.md §1),
 * in single-value (default) or multi-value header mode.
 */
export function albEvent(spec: AlbEventSpec): ALBEvent {
  const headers: Record<string, string> = {
    host: 'api.hipchat.internal',
    'user-agent': 'legacy-app/1.0',
    'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
    'x-forwarded-for': '10.0.1.17',
    'x-forwarded-port': '80',
    'x-forwarded-proto': 'http',
    ...Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const query: [string, string][] = (spec.query ?? '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  const body = spec.body ?? '';
  const base = {
    requestContext: {
      elb: {
        targetGroupArn:
          'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/hipchat-proxy/49e9d65c45c6791a',
      },
    },
    httpMethod: spec.method ?? 'POST',
    path: spec.path,
    body: spec.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: spec.base64 ?? false,
  };
  if (spec.multiValue) {
    const multiQuery: Record<string, string[]> = {};
    for (const [key, value] of query) multiQuery[key] = [...(multiQuery[key] ?? []), value];
    return {
      ...base,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      multiValueQueryStringParameters: multiQuery,
    };
  }
  return { ...base, headers, queryStringParameters: Object.fromEntries(query) };
}
