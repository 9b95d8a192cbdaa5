/**
 * HipChat's room object (reference §1) for a room the proxy knows only from its map: the
 * fields clients read (`id`, `name`, `links.self`) are real, the rest neutral values of the
 * right type so strict decoders (hipchat-go, hipchat-java) accept it.
 *
 * @example
 * roomObject({ id: 1234, name: 'Ops Alerts' }, 'https://proxy/v2/room/1234');
 */
export function roomObject(room: { id: number; name: string }, self: string) {
  return {
    id: room.id,
    name: room.name,
    xmpp_jid: '',
    topic: '',
    privacy: 'public',
    is_archived: false,
    is_guest_accessible: false,
    guest_access_url: null,
    created: '1970-01-01T00:00:00+00:00',
    version: '',
    owner: null,
    participants: [],
    statistics: { links: { self: `${self}/statistics` } },
    links: {
      self,
      webhooks: `${self}/webhook`,
      members: `${self}/member`,
      participants: `${self}/participant`,
    },
  };
}
