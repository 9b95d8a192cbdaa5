import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotification } from '../../src/hipchat/parseNotification.js';
import {
  type LifecycleState,
  MAX_KEY_LENGTH,
  RECOGNIZERS,
  recognizeLifecycle,
} from '../../src/lifecycles/index.js';
import {
  alertmanager,
  SENDER_CASES as CASES,
  grafana,
  jenkinsV2,
  RULE_URL,
  sensu,
} from '../support/senderLifecycles.js';

const ROOM = 'Ops Alerts';
const recognize = (body: Record<string, unknown>, room = ROOM) =>
  recognizeLifecycle(parseNotification(body), room);

describe.each(CASES)(
  '$sender ($subject)',
  ({ sender, subject, open, resolved, neither, other }) => {
    it('open → resolved → open again: one key, the states in order', () => {
      const seen = [open, resolved, open].map((body) => recognize(body));
      expect(seen.map((found) => found?.state)).toEqual(['open', 'resolved', 'open']);
      expect(new Set(seen.map((found) => found?.key)).size).toBe(1);
      expect(seen[0]).toMatchObject({ sender, subject });
      expect(seen[0]?.key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    });

    it('what belongs to the alert without changing it is neither, with the same key', () => {
      const key = recognize(open)?.key;
      for (const body of neither) {
        expect(recognize(body)).toMatchObject({ state: 'neither', key });
      }
    });

    it('another alert of the same sender has another key', () => {
      const theOther = recognize(other);
      expect(theOther?.sender).toBe(sender);
      expect(theOther?.key).not.toBe(recognize(open)?.key);
    });

    it('the same alert in another room has another key', () => {
      expect(recognize(open, 'Deploys')?.key).not.toBe(recognize(open)?.key);
    });
  },
);

describe('jenkins', () => {
  const v1 = (status: string, tail: string, n = 142) => ({
    // jenkinsci/hipchat-plugin impl/HipChatV1Service.java: form POST with from, message, message_format html
    from: 'Jenkins',
    message: `shop api » main #${n} ${status} ${tail} (<a href="https://ci.example.com/job/shop-api/job/main/${n}/">Open</a>)`,
    message_format: 'html',
    color: 'green',
    notify: '0',
  });

  it.each([
    ['Build started', '(Started by user Ada)', 'open'],
    ['Build successful', 'after 2 min 3 sec', 'resolved'],
    ['Build is back to normal', 'after 2 min 3 sec', 'resolved'],
    ['Build failed', 'after 40 sec', 'open'],
    ['Build is unstable', 'after 40 sec', 'open'],
    ['Build aborted', 'after 40 sec', 'neither'],
    ['Module not built', 'after 0 ms', 'neither'],
  ] as const)('without a card (v1): "%s" is %s, keyed by job and build', (status, tail, state) => {
    expect(recognize(v1(status, tail))).toMatchObject({
      sender: 'jenkins',
      state,
      subject: 'shop api » main #142',
    });
  });

  it('two builds of one job never share a key', () => {
    expect(recognize(v1('Build failed', 'after 1 sec', 142))?.key).not.toBe(
      recognize(v1('Build failed', 'after 1 sec', 143))?.key,
    );
  });

  it("keys by the card's url, not its id: a new random id each time changes nothing", () => {
    const first = recognize(jenkinsV2('Build started', '(Started by user Ada)', 'green'));
    const second = recognize(jenkinsV2('Build started', '(Started by user Ada)', 'green'));
    expect(first?.key).toBe(second?.key);
  });
});

describe('grafana', () => {
  it('No Data is a problem (open), Paused neither', () => {
    expect(recognize(grafana('No Data', 'gray'))?.state).toBe('open');
    expect(recognize(grafana('Paused', 'gray'))?.state).toBe('neither');
  });

  it('the card id "1" every rule shares does not join two rules', () => {
    const cpu = recognize(grafana('Alerting', 'red'));
    const disk = recognize(grafana('Alerting', 'red', 'Disk full', `${RULE_URL}&panelId=3`));
    expect(cpu?.key).not.toBe(disk?.key);
  });
});

describe('alertmanager', () => {
  it('keys on the group labels: the common labels in parentheses may change', () => {
    const firing = recognize(
      alertmanager('[FIRING:1] HighCPU shop (page production web01:9100)', 'red'),
    );
    const more = recognize(alertmanager('[FIRING:3] HighCPU shop (page)', 'red'));
    const resolved = recognize(alertmanager('[RESOLVED] HighCPU shop ', 'green'));
    expect(new Set([firing?.key, more?.key, resolved?.key]).size).toBe(1);
    expect(firing?.subject).toBe('HighCPU shop');
  });
});

describe('zabbix', () => {
  it.each([
    // zabbix/zabbix CMediatypeHelper::messageTemplates(): the Zabbix 5+ default subjects
    ['Problem: High CPU utilization on web01', 'open'],
    ['Resolved in 12m 3s: High CPU utilization on web01', 'resolved'],
    ['Updated problem in 5m: High CPU utilization on web01', 'neither'],
  ] as const)('"%s" is %s', (subject, state: LifecycleState) => {
    const found = recognize({
      message: `${subject}\nHost: web01\nSeverity: High`,
      message_format: 'text',
    });
    expect(found).toMatchObject({
      sender: 'zabbix',
      state,
      subject: 'High CPU utilization on web01',
    });
  });
});

describe('what no recognizer knows', () => {
  it.each([
    'Deployed shop-api 1.4.2 to production',
    'PROBLEMS with the coffee machine',
    '[FIRING] no count is not Alertmanager',
    'shop-api #12 was built',
    'ALERT: [web01/check] - not Sensu spacing',
  ])('"%s" is not a lifecycle', (message) => {
    expect(recognize({ message, message_format: 'text' })).toBeUndefined();
  });

  it('a card titled like Grafana without a url is not one', () => {
    const { url: _url, ...card } = grafana('Alerting', 'red').card;
    expect(recognize({ ...grafana('Alerting', 'red'), card })).toBeUndefined();
  });

  it('an empty recognizer list recognizes nothing', () => {
    expect(recognizeLifecycle(parseNotification(sensu('ALERT', 'a', 'b', 'red')), ROOM, [])).toBe(
      undefined,
    );
  });
});

describe('the table', () => {
  it('names each sender once and says what it reads', () => {
    const senders = RECOGNIZERS.map((recognizer) => recognizer.sender);
    expect(new Set(senders).size).toBe(senders.length);
    for (const recognizer of RECOGNIZERS) expect(recognizer.recognizes.length).toBeGreaterThan(10);
  });

  it('is the table docs/messages.md lists, sender by sender', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/messages.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Alert lifecycles (recognizers)'));
    const listed = [...section.matchAll(/^\| `([a-z]+)` — /gm)].map((match) => match[1]);
    expect(listed).toEqual(RECOGNIZERS.map((recognizer) => recognizer.sender));
  });

  it('reads a long message quickly and only its start', () => {
    const message = `[FIRING:1] ${'a'.repeat(9_980)}`;
    const started = performance.now();
    const found = recognize({ message, message_format: 'text' });
    expect(performance.now() - started).toBeLessThan(200);
    expect(found?.key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
  });
});
