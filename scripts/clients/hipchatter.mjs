// Drives hipchatter (npm) against a running proxy, the way a legacy Node app calls HipChat:
// each call's outcome as one JSON line on stdout.
//
//   node scripts/clients/hipchatter.mjs <api root, e.g. https://127.0.0.1:8443/v2/> <token>
//
// Over https, trust the proxy's certificate with NODE_EXTRA_CA_CERTS=cert.pem.
import Hipchatter from 'hipchatter';

const [apiRoot, token] = process.argv.slice(2);
const hipchatter = new Hipchatter(token, apiRoot);
const room = encodeURIComponent('Ops Alerts');

const calls = [
  [
    'notify',
    (done) =>
      hipchatter.notify(
        room,
        { message: 'Deploy <b>v42</b> done', color: 'green', notify: true },
        done,
      ),
  ],
  [
    'send_room_message',
    (done) => hipchatter.send_room_message(room, 'Room message from hipchatter', done),
  ],
  ['get_room', (done) => hipchatter.get_room(room, done)],
  ['room_exists', (done) => hipchatter.room_exists(room, done)],
  ['view_user', (done) => hipchatter.view_user('jdoe@example.com', done)],
  [
    'send_private_message',
    (done) =>
      hipchatter.send_private_message(
        'jdoe@example.com',
        { message: 'Private from hipchatter' },
        done,
      ),
  ],
  ['set_topic', (done) => hipchatter.set_topic(room, 'On call: jdoe', done)],
];

for (const [call, run] of calls) {
  const line = await new Promise((resolve) =>
    run((error, body, status) =>
      resolve(error ? { call, ok: false, error: error.message } : { call, ok: true, status, body }),
    ),
  );
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
