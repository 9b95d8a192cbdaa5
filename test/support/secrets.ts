/**
 * Every secret a test hands to the proxy is registered here, so the log guard
 * (captureLogs.ts) can prove none of them ever reaches a log line.
 *
 * @example
 * const token = testSecret('a'.repeat(40)); // use `token` in the request
 */
const registered = new Set<string>();

export function testSecret<T extends string>(value: T): T {
  registered.add(value);
  return value;
}

export function registeredSecrets(): ReadonlySet<string> {
  return registered;
}
