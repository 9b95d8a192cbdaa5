import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotification } from '../../src/hipchat/parseNotification.js';
import {
  type Lifecycle,
  lifecycleKey,
  MAX_KEY_LENGTH,
  recognizeLifecycle,
} from '../../src/lifecycles/index.js';
import { roomKey } from '../../src/rooms/roomKey.js';

/**
 * Over generated hosts, services, jobs, build numbers and alert groups, in the shapes of
 * recognizers.test.ts (each sender's source cited there): one alert's open and resolve share a
 * key; two hosts, two builds, two groups, two rooms never do.
 */
const host = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/);
const service = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,30}$/)
  .map((name) => name.trim())
  .filter((name) => name.length > 0 && !/ is /.test(` ${name} `));
const job = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._»-]{0,40}$/).map((name) => name.trim());
const buildNumber = fc.integer({ min: 1, max: 1_000_000 });
const word = fc.stringMatching(/^[A-Za-z0-9_:.-]{1,20}$/);
const group = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const room = fc.oneof(
  fc.string({ minLength: 1, maxLength: 100 }),
  fc.constantFrom('Ops', 'ops ', 'Deploys'),
);

/** One sender's open and resolved notification for one subject, and the subject's identity. */
interface Alert {
  readonly identity: string;
  readonly open: Record<string, unknown>;
  readonly resolved: Record<string, unknown>;
}

const nagios = fc.record({ host, service }).map(
  ({ host, service }): Alert => ({
    identity: `nagios ${host}\u0000${service}`,
    open: {
      message: `[PROBLEM] ${host} ${service} is CRITICAL: down`,
      from: 'Nagios',
      color: 'red',
    },
    resolved: {
      message: `[RECOVERY] ${host} ${service} is OK: up`,
      from: 'Nagios',
      color: 'green',
    },
  }),
);

const jenkins = fc
  .record({ job, buildNumber, card: fc.boolean() })
  .map(({ job, buildNumber, card }): Alert => {
    const url = `https://ci.example.com/job/${encodeURIComponent(job)}/${buildNumber}/`;
    const body = (status: string) => ({
      message: `${job} #${buildNumber} ${status} (<a href="${url}">View build</a>)`,
      message_format: 'html',
      color: 'green',
      ...(card
        ? { card: { style: 'application', url, id: crypto.randomUUID(), title: `${job} (x)` } }
        : {}),
    });
    return {
      identity: `jenkins ${job}\u0000${buildNumber}`,
      open: body('Build started'),
      resolved: body('Build successful'),
    };
  });

const alertmanager = fc.record({ group, firing: fc.integer({ min: 1, max: 99 }) }).map(
  ({ group, firing }): Alert => ({
    identity: `alertmanager ${group}`,
    open: { message: `[FIRING:${firing}] ${group} (page)`, message_format: 'text', color: 'red' },
    resolved: { message: `[RESOLVED] ${group} `, message_format: 'text', color: 'green' },
  }),
);

const sensu = fc.record({ host, check: word }).map(
  ({ host, check }): Alert => ({
    identity: `sensu ${host}\u0000${check}`,
    open: { message: `ALERT - [${host}/${check}] - CRITICAL.`, color: 'red' },
    resolved: { message: `RESOLVED - [${host}/${check}] - OK.`, color: 'green' },
  }),
);

const zabbix = fc.record({ host, trigger: service }).map(
  ({ host, trigger }): Alert => ({
    identity: `zabbix ${host}\u0000${trigger}`,
    open: { message: `PROBLEM:${host}:${trigger}\nHost: ${host}`, message_format: 'text' },
    resolved: { message: `OK:${host}:${trigger}\nHost: ${host}`, message_format: 'text' },
  }),
);

const alert = fc.oneof(nagios, jenkins, alertmanager, sensu, zabbix);

function recognized(body: Record<string, unknown>, inRoom: string): Lifecycle {
  const found = recognizeLifecycle(parseNotification(body), inRoom);
  if (found === undefined) throw new Error(`not recognized: ${JSON.stringify(body)}`);
  return found;
}

describe('lifecycle keys (property)', () => {
  it('the open and the resolve of one alert share a key, bounded, and read as open then resolved', () => {
    fc.assert(
      fc.property(alert, room, ({ open, resolved }, inRoom) => {
        const opened = recognized(open, inRoom);
        const closed = recognized(resolved, inRoom);
        expect(closed.key).toBe(opened.key);
        expect([opened.state, closed.state]).toEqual(['open', 'resolved']);
        expect(opened.key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
      }),
      { numRuns: 500 },
    );
  });

  it('two different alerts (hosts, services, builds of one job, groups) never share a key', () => {
    fc.assert(
      fc.property(alert, alert, room, (first, second, inRoom) => {
        fc.pre(first.identity !== second.identity);
        expect(recognized(first.open, inRoom).key).not.toBe(recognized(second.open, inRoom).key);
      }),
      { numRuns: 1_000 },
    );
  });

  it('two builds of one job never share a key', () => {
    fc.assert(
      fc.property(job, buildNumber, buildNumber, (name, a, b) => {
        fc.pre(a !== b);
        const build = (n: number) => ({
          message: `${name} #${n} Build failed after 1 sec`,
          message_format: 'text',
        });
        expect(recognized(build(a), 'ops').key).not.toBe(recognized(build(b), 'ops').key);
      }),
    );
  });

  it('the same alert in two rooms never shares a key', () => {
    fc.assert(
      fc.property(alert, room, room, ({ open }, a, b) => {
        fc.pre(roomKey(a) !== roomKey(b));
        expect(recognized(open, a).key).not.toBe(recognized(open, b).key);
      }),
      { numRuns: 500 },
    );
  });

  it('lifecycleKey: bounded for any strings, and distinct for distinct (room, sender, subject)', () => {
    const part = fc.string({ maxLength: 400, unit: 'binary' });
    fc.assert(
      fc.property(part, part, part, part, (roomA, roomB, sender, subject) => {
        const a = lifecycleKey(roomA, sender, subject);
        expect(a.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
        expect(lifecycleKey(roomA, sender, subject)).toBe(a);
        if (roomKey(roomA) !== roomKey(roomB)) {
          expect(lifecycleKey(roomB, sender, subject)).not.toBe(a);
        }
        // The readable prefix may clip; the digest still tells subjects apart.
        expect(lifecycleKey(roomA, sender, `${subject}x`)).not.toBe(a);
        expect(lifecycleKey(roomA, `${sender}x`, subject)).not.toBe(a);
      }),
      { numRuns: 200 },
    );
  });
});
