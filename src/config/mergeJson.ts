/**
 * `override` laid over `base`, as the fleet's deploy configs are (`defaults.json`, then an
 * account's file): objects merge key by key, anything else — a value, a list — replaces.
 * One rule for the CDK app and the CLI, so both read an account the same way.
 *
 * @example
 * mergeJson({ dns: { zoneName: 'hipchat.internal', recordName: 'api' } }, { dns: { recordName: '' } });
 * // { dns: { zoneName: 'hipchat.internal', recordName: '' } }
 */
export function mergeJson(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeJson(base[key], value);
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
