import type { Json } from './synthProxy.js';

/**
 * A small model of IAM's evaluation of one policy document, enough for the tests' questions
 * ("may this principal do this here?"): explicit Deny wins, then any Allow; `Action` and
 * `Resource` with `*`/`?` wildcards; the condition operators the proxy's policies use
 * (Arn(Not)Equals/Like, String(Not)Equals/Like, Bool, ForAllValues:StringEquals). A key the
 * request lacks makes a positive operator false and a negated one true, as IAM does.
 */
export type Decision = 'Deny' | 'Allow' | 'NotAllowed';

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request (`aws:PrincipalArn`, `iam:PermissionsBoundary`, …). */
  readonly context?: Record<string, string | readonly string[]>;
}

export function decide(document: { Statement: Json[] }, request: Request): Decision {
  const matching = document.Statement.filter((statement) => applies(statement, request));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'Deny';
  return matching.some((statement) => statement.Effect === 'Allow') ? 'Allow' : 'NotAllowed';
}

/** Whether `pattern` (IAM wildcards `*` and `?`, case-insensitive for actions) matches `value`. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'si' : 's').test(value);
}

function applies(statement: Json, request: Request): boolean {
  const actions = [statement.Action].flat() as string[];
  const resources = [statement.Resource].flat() as string[];
  return (
    actions.some((action) => wildcardMatch(action, request.action, true)) &&
    resources.some((resource) => wildcardMatch(resource, request.resource)) &&
    Object.entries((statement.Condition ?? {}) as Record<string, Record<string, Json>>).every(
      ([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) =>
          holds(operator, request.context?.[key], [expected].flat() as string[]),
        ),
    )
  );
}

function holds(
  operator: string,
  actual: string | readonly string[] | undefined,
  expected: string[],
): boolean {
  if (operator.startsWith('ForAllValues:')) {
    const inner = operator.slice('ForAllValues:'.length);
    return [actual ?? []].flat().every((value) => holds(inner, value, expected));
  }
  const negated = operator.includes('Not');
  if (actual === undefined) return negated;
  const values = [actual].flat();
  const like = /Like|^Arn/.test(operator); // ArnEquals takes wildcards like ArnLike
  const positive = values.some((value) =>
    expected.some((pattern) =>
      operator === 'Bool'
        ? pattern === value
        : like
          ? wildcardMatch(pattern, value)
          : pattern === value,
    ),
  );
  return negated ? !positive : positive;
}

/**
 * A template's policy with its CloudFormation intrinsics replaced by plain strings: `Ref` and
 * `Fn::GetAtt` of a resource by `names[logicalId]` (or `<logicalId>` as the last ARN segment),
 * pseudo parameters by the given account and region, `Fn::Join` joined.
 */
export function resolveIntrinsics(
  value: Json,
  env: { account: string; region: string; names?: Record<string, string> },
): Json {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, env));
  if (value === null || typeof value !== 'object') return value;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': env.account,
    'AWS::Region': env.region,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if ('Ref' in value) return pseudo[value.Ref] ?? env.names?.[value.Ref] ?? value.Ref;
  if ('Fn::GetAtt' in value) {
    const [id] = value['Fn::GetAtt'] as [string, string];
    return env.names?.[id] ?? `arn:aws:iam::${env.account}:role/${id}`;
  }
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'] as [string, Json[]];
    return parts.map((part) => resolveIntrinsics(part, env)).join(separator);
  }
  if ('Fn::Sub' in value) {
    return String(value['Fn::Sub']).replace(
      /\$\{([^}]+)\}/g,
      (_, key: string) => pseudo[key] ?? key,
    );
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolveIntrinsics(item, env)]),
  );
}
