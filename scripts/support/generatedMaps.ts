/**
 * A room map and a user map of a given size, as `hipchat-proxy maps import` writes them (JSON
 * objects, 2-space indent, trailing newline): every room by numeric id and by name, every user
 * by numeric id and by @mention name, with Slack ids of Slack's shape. For the tests that
 * synthesize a big account and the map-parsing measurement; the data is made up.
 *
 * @example
 * const { rooms, users } = generatedMaps({ rooms: 2_000, users: 10_000 });
 * JSON.parse(rooms)['200001']; // 'C0000000001'
 */
export function generatedMaps(size: { rooms: number; users: number }): {
  rooms: string;
  users: string;
} {
  const rooms: Record<string, string> = {};
  for (let i = 1; i <= size.rooms; i++) {
    const channel = slackId('C', i);
    rooms[String(200_000 + i)] = channel;
    rooms[`Team ${String(i).padStart(4, '0')} Alerts`] = channel;
  }
  const users: Record<string, string> = {};
  for (let i = 1; i <= size.users; i++) {
    const user = slackId(i % 10 === 0 ? 'W' : 'U', i);
    users[String(500_000 + i)] = user;
    users[`Person${String(i).padStart(5, '0')}Lastname`] = user;
  }
  return { rooms: asFile(rooms), users: asFile(users) };
}

/** A Slack id of Slack's shape: the kind's letter and ten upper-case letters or digits. */
function slackId(kind: 'C' | 'U' | 'W', n: number): string {
  return `${kind}${n.toString(36).toUpperCase().padStart(10, '0')}`;
}

function asFile(map: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
