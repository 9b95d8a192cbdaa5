import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';

/**
 * Finds the caller's token where HipChat clients put it: `Authorization: Bearer <t>`
 * (Jenkins, hipchat-go, hipchat-java) or the `auth_token` query parameter (hipchat-rb,
 * Grafana, Alertmanager, Travis). The header wins when both are present.
 *
 * @example
 * extractToken({ authorization: 'Bearer abc' }, {}); // { token: 'abc', source: 'header' }
 */
export function extractToken(
  headers: Readonly<Record<string, string | undefined>>,
  rawQuery: Readonly<Record<string, string | undefined>>,
): PresentedToken | undefined {
  const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return { token: bearer, source: 'header' };
  const raw = rawQuery.auth_token;
  if (raw !== undefined) {
    const token = decodeUrlComponent(raw, 'query').trim();
    if (token !== '') return { token, source: 'query' };
  }
  return undefined;
}

export interface PresentedToken {
  token: string;
  /** `body`: v1's `auth_token` form field (found by the v1 routes, not here). */
  source: 'header' | 'query' | 'body';
}
