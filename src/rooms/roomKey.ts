/**
 * How two spellings of a HipChat room are compared: trimmed, case-folded and in Unicode NFC, so
 * `Café` typed with a precomposed `é` and `Cafe%CC%81` (an `e` and a combining accent, as some
 * clients and keyboards send it) are the same room, and so are `STRASSE` and `Straße`.
 * Upper-casing before lower-casing folds the cases a lower-casing alone misses (`ß`, final `ς`).
 *
 * @example
 * roomKey(' Café ') === roomKey('Cafe\u0301'); // true
 */
export function roomKey(room: string): string {
  return room.trim().normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}
