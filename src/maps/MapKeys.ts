/**
 * A map's entries whose keys stay distinct under its parser's key rule (`roomKey` for the room
 * map, `@`-less lower case for the user map): the first entry for a key wins, a blank key is
 * refused. `sorted()` writes numeric keys ascending, then the others in JavaScript string order, so the same
 * entries always give the same JSON.
 *
 * @example
 * const keys = new MapKeys(roomKey);
 * keys.add('206977', 'C0123'); // true
 * keys.add('CFXWare', 'C0123'); // true
 * keys.add('cfxware', 'C0456'); // false: the key is taken
 */
export class MapKeys {
  private readonly entries = new Map<string, { key: string; value: string }>();

  constructor(private readonly lookupKey: (key: string) => string) {}

  /** Adds `key` unless blank or taken under the key rule; says whether it did. */
  add(key: string, value: string): boolean {
    const lookup = this.lookupKey(key);
    if (lookup === '' || this.entries.has(lookup)) return false;
    this.entries.set(lookup, { key, value });
    return true;
  }

  has(key: string): boolean {
    return this.entries.has(this.lookupKey(key));
  }

  sorted(): Record<string, string> {
    const ordered = [...this.entries.values()].sort((a, b) => compareKeys(a.key, b.key));
    return Object.fromEntries(ordered.map(({ key, value }) => [key, value]));
  }
}

function compareKeys(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b) || byCodePoint(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return byCodePoint(a, b);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
