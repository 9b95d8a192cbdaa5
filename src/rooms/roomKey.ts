/**
 * How two spellings of a HipChat room are compared: trimmed, lower-cased (as before) and in
 * Unicode NFC, so `Café` typed with a precomposed `é` and `Cafe%CC%81` (an `e` and a combining
 * accent, as some clients and keyboards send it) are the same room.
 *
 * @example
 * roomKey(' Café ') === roomKey('Cafe\u0301'); // true
 */
export function roomKey(room: string): string {
  return room.trim().normalize('NFC').toLowerCase().normalize('NFC');
}
