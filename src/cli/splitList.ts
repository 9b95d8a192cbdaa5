/**
 * Values of a repeatable, comma-separated option (`--rooms 1234,"Ops Alerts" --rooms 99`),
 * trimmed, without empties or duplicates; undefined when the option was not given.
 *
 * @example
 * splitList(['1234,Ops Alerts', '99']); // ['1234', 'Ops Alerts', '99']
 */
export function splitList(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const items = values.flatMap((value) => value.split(',')).map((item) => item.trim());
  return [...new Set(items.filter((item) => item !== ''))];
}
