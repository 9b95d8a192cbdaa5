import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNotification } from '../../src/hipchat/parseNotification.js';
import { recognizeLifecycle } from '../../src/lifecycles/recognizeLifecycle.js';
import { renderRoot } from '../../src/lifecycles/renderRoot.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';
import { openLocalStore } from '../../src/store/openLocalStore.js';
import { createThreadedDelivery } from '../../src/threads/createThreadedDelivery.js';
import { createSqliteThreadStore } from '../../src/threads/index.js';
import { hipsaintShort, jenkinsV2 } from '../support/senderLifecycles.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

/**
 * Over generated alerts — Nagios hosts and services, Jenkins builds of a few jobs — and any
 * interleaving of their problems and recoveries through the recognizers and the threaded
 * delivery (the real SQLite thread store): a reply always lands in the thread of a root of its
 * own alert, and exactly when that alert is open; a new root exactly when it is not.
 */
const host = fc.constantFrom('web01', 'web02', 'db01', 'db-01', 'web01.example.com');
const service = fc.constantFrom('HTTP', 'Disk', 'HTTP Check', 'disk');
const alert = fc.oneof(
  fc.record({ host, service }).map(({ host, service }) => ({
    identity: `nagios ${host} ${service}`,
    open: {
      ...hipsaintShort('PROBLEM', 'CRITICAL', 'red', host),
      message: `[PROBLEM] ${host} ${service} is CRITICAL: down`,
    },
    resolved: {
      ...hipsaintShort('RECOVERY', 'OK', 'green', host),
      message: `[RECOVERY] ${host} ${service} is OK: up`,
    },
  })),
  fc
    .record({
      job: fc.constantFrom('shop-api', 'shop-api-e2e', 'billing'),
      build: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ job, build }) => {
      const url = `https://ci.example.com/job/${job}/${build}/`;
      const body = (status: string) => ({
        ...jenkinsV2(status, 'after 1 min', 'green', url, build),
        message: `${job} #${build} ${status} after 1 min (<a href="${url}">View build</a>)`,
      });
      return {
        identity: `jenkins ${job} #${build}`,
        open: body('Build failed'),
        resolved: body('Build is back to normal'),
      };
    }),
);

describe('threads are never shared between alerts', () => {
  it('every reply is in the thread of its own alert, exactly while it is open', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ alert, resolve: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        async (events) => {
          const local = openLocalStore(mkdtempSync(join(tmpdir(), 'hipchat-proxy-shared-')));
          opened.push(local);
          const store = createSqliteThreadStore({ db: local.db, ttlDays: 7 });
          const identityOfTs = new Map<string, string>();
          let ts = 0;
          const delivery = createThreadedDelivery({
            slack: {
              async deliver() {
                ts += 1;
                const id = `1765098840.${String(ts).padStart(6, '0')}`;
                identityOfTs.set(id, current);
                return { kind: 'delivered', ts: id, channel: 'C0OPS', attempts: 1, latencyMs: 0 };
              },
              async call() {
                return { kind: 'ok', response: { ok: true }, attempts: 1, latencyMs: 0 };
              },
            },
            store,
            renderRoot,
            logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
          });
          const open = new Map<string, string>(); // identity → root ts, while open
          let current = '';
          for (const { alert: a, resolve } of events) {
            current = a.identity;
            const notification = parseNotification(resolve ? a.resolved : a.open);
            const lifecycle = recognizeLifecycle(notification, 'C0OPS');
            expect(lifecycle).toBeDefined();
            if (lifecycle === undefined) return;
            const message: SlackMessage = { channel: 'C0OPS', text: String(notification.message) };
            const outcome = await delivery.deliver(message, {
              thread: {
                replies: 'broadcast',
                lifecycle: { key: lifecycle.key, state: lifecycle.state },
              },
            });
            const rootOfAlert = open.get(a.identity);
            if (rootOfAlert !== undefined) {
              expect(outcome.placement).toBe('reply');
              expect(identityOfTs.get(rootOfAlert)).toBe(a.identity);
              if (resolve) open.delete(a.identity);
            } else if (resolve) {
              expect(outcome.placement).toBe('new');
            } else {
              expect(outcome.placement).toBe('root');
              if (outcome.kind === 'delivered' && outcome.ts) open.set(a.identity, outcome.ts);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
