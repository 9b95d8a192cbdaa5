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

/**
 * Each sender's real notifications, built the way its source builds them (file cited per
 * sender), through an alert's life: open → resolved → open again, then the notifications that
 * belong to it without changing it, and look-alikes that are not it.
 */
interface SenderCase {
  readonly sender: string;
  readonly subject: string;
  readonly open: Record<string, unknown>;
  readonly resolved: Record<string, unknown>;
  readonly neither: readonly Record<string, unknown>[];
  /** Same sender, another alert (another host, build, group): must not share the key. */
  readonly other: Record<string, unknown>;
}

const BUILD_URL = 'https://ci.example.com/job/shop-api/142/';

/** jenkinsci/hipchat-plugin impl/HipChatV2Service.java: v2 body { message, message_format, color, notify, card }. */
const jenkinsV2 = (status: string, tail: string, color: string, url = BUILD_URL, n = 142) => ({
  message: `shop-api #${n} ${status} ${tail} (<a href="${url}">View build</a>)`,
  message_format: 'html',
  color,
  notify: false,
  // impl/DefaultCardProvider.java: a new random UUID per send; title CardTitle=$JOB_NAME ($HIPCHAT_CHANGES_OR_CAUSE)
  card: {
    style: 'application',
    url,
    format: 'medium',
    id: crypto.randomUUID(),
    title: 'shop-api (Started by user Ada)',
    icon: { url: 'http://bit.ly/2ctIstd' },
    activity: {
      html: `shop-api #${n} ${status} ${tail} (<a href="${url}">View build</a>)`,
      icon: { url: 'http://bit.ly/2ctIstd' },
    },
  },
});

/** grafana/grafana pkg/services/alerting/notifiers/hipchat.go Notify(): the body, the card with id "1". */
const grafana = (state: string, color: string, rule = 'CPU high', ruleUrl = RULE_URL) => ({
  message: `[${state}] ${rule} in state ${state}<br><a href=${ruleUrl}>Check Dasboard</a><br>cpu :: 93.5<br>${state === 'OK' ? '' : ' CPU above 90%'}`,
  notify: 'true',
  message_format: 'html',
  color,
  card: {
    style: 'link',
    url: ruleUrl,
    id: '1',
    title: `[${state}] ${rule}`,
    description: `[${state}] ${rule} in state ${state}`,
    icon: { url: 'http://grafana.org/assets/img/fav32.png' },
    date: 1_765_100_040,
  },
});
const RULE_URL = 'https://grafana.example.com/d/abc123/hosts?tab=alert&editPanel=2&orgId=1';

/**
 * hannseman/hipsaint hipsaint/messages.py deliver_payload(): a GET /v1/rooms/message with
 * room_id, from, message, color, notify, auth_token in the query (no message_format: v1's html);
 * templates/short-service.html: "[{{ ntype }}] {{ hostalias }} {{ servicedesc }} is {{ state }}: {{ serviceoutput }}".
 */
const hipsaintShort = (ntype: string, state: string, color: string, host = 'web01') => ({
  message: `[${ntype}] ${host} HTTP is ${state}: HTTP ${state} - 0.02 second response time\n`,
  from: 'Nagios',
  color,
  notify: '1',
});
/** hipsaint templates/service.html (the default for --type service). */
const hipsaintHtml = (ntype: string, state: string, color: string, host = 'web01') => ({
  message:
    `<strong>Sun Dec 7 09:14:00 UTC 2026 - HTTP on ${host} (nagios@monitor)</strong><br/>\n` +
    `<strong>Type:</strong> ${ntype}<br/>\n` +
    `<strong>Host:</strong> ${host} (<a href="10.0.0.5">10.0.0.5</a>)<br/>\n` +
    `<strong>State:</strong> ${state}<br/>\n<strong>Info:</strong>\n<pre>HTTP ${state} - timeout</pre>\n`,
  from: 'Nagios',
  color,
  notify: '0',
});

/**
 * prometheus/alertmanager template/default.tmpl: hipchat.default.message = __subject; the
 * hipchat_configs defaults (config/notifiers.go, removed in v0.21): message_format text, color
 * red when firing else green, from "AlertManager".
 */
const alertmanager = (subject: string, color: string) => ({
  from: 'AlertManager',
  notify: false,
  message: subject,
  message_format: 'text',
  color,
});

/**
 * sensu-plugins/sensu-plugins-hipchat bin/handler-hipchat.rb: "ALERT|RESOLVED - [client/check] -
 * output" + playbook + "."; message_format html by default; green on resolve, yellow for status 1.
 */
const sensu = (action: string, client: string, output: string, color: string) => ({
  message: `${action} - [${client}/check-disk] - ${output}  [<a href='https://wiki.example.com/disk'>Playbook</a>].`,
  from: 'Sensu',
  color,
  message_format: 'html',
  notify: action === 'ALERT',
});

/**
 * v-zhuravlev/zabbix-notify lib/HipChatBot.pm create_json(): message = subject . "\n" . message,
 * message_format text by default (README), color from choose_color; subject as the README's example.
 */
const zabbix = (status: string, host: string, color: string, format = 'text') => ({
  color,
  message:
    `${status}:${host} Temperature Failure on DAE5S Bus 1 Enclosure 1\n` +
    `Host: ${host}\nTrigger: ${status}: ${host} Temperature Failure on DAE5S Bus 1 Enclosure 1: High\n` +
    'Timestamp: 2016.03.14 11:57:10 YEKT eventid: 100502',
  message_format: format,
  notify: true,
});

const CASES: readonly SenderCase[] = [
  {
    sender: 'jenkins',
    subject: BUILD_URL,
    open: jenkinsV2('Build started', '(Started by user Ada)', 'green'),
    resolved: jenkinsV2('Build successful', 'after 2 min 3 sec', 'green'),
    neither: [jenkinsV2('Build aborted', 'after 10 sec', 'gray')],
    other: jenkinsV2('Build started', '(Started by user Ada)', 'green', `${BUILD_URL}x`, 143),
  },
  {
    sender: 'grafana',
    subject: RULE_URL,
    open: grafana('Alerting', 'red'),
    resolved: grafana('OK', 'green'),
    neither: [grafana('Pending', 'gray')],
    other: grafana('Alerting', 'red', 'Disk full', `${RULE_URL}&panelId=3`),
  },
  {
    sender: 'nagios',
    subject: 'web01 HTTP',
    open: hipsaintShort('PROBLEM', 'CRITICAL', 'red'),
    resolved: hipsaintShort('RECOVERY', 'OK', 'green'),
    neither: [
      hipsaintShort('ACKNOWLEDGEMENT', 'CRITICAL', 'purple'),
      hipsaintShort('FLAPPINGSTART', 'WARNING', 'yellow'),
    ],
    other: hipsaintShort('PROBLEM', 'CRITICAL', 'red', 'web02'),
  },
  {
    sender: 'nagios',
    subject: 'HTTP on web01',
    open: hipsaintHtml('PROBLEM', 'CRITICAL', 'red'),
    resolved: hipsaintHtml('RECOVERY', 'OK', 'green'),
    neither: [hipsaintHtml('DOWNTIMESTART', 'CRITICAL', 'purple')],
    other: hipsaintHtml('PROBLEM', 'CRITICAL', 'red', 'web02'),
  },
  {
    sender: 'alertmanager',
    subject: 'HighCPU shop',
    open: alertmanager('[FIRING:2] HighCPU shop (page production)', 'red'),
    resolved: alertmanager('[RESOLVED] HighCPU shop (page production web01:9100)', 'green'),
    neither: [],
    other: alertmanager('[FIRING:1] HighCPU billing (page production)', 'red'),
  },
  {
    sender: 'sensu',
    subject: 'web01/check-disk',
    open: sensu('ALERT', 'web01', 'CheckDisk CRITICAL: / 97% used', 'red'),
    resolved: sensu('RESOLVED', 'web01', 'CheckDisk OK: All disk usage under 85%', 'green'),
    neither: [],
    other: sensu('ALERT', 'web02', 'CheckDisk CRITICAL: / 97% used', 'red'),
  },
  {
    sender: 'zabbix',
    subject: 'myHOSTNAME Temperature Failure on DAE5S Bus 1 Enclosure 1',
    open: zabbix('PROBLEM', 'myHOSTNAME', 'red'),
    resolved: zabbix('OK', 'myHOSTNAME', 'green'),
    neither: [],
    other: zabbix('PROBLEM', 'otherHOST', 'red'),
  },
  {
    sender: 'zabbix',
    subject: 'myHOSTNAME Temperature Failure on DAE5S Bus 1 Enclosure 1',
    open: zabbix('PROBLEM', 'myHOSTNAME', 'red', 'html'),
    resolved: zabbix('OK', 'myHOSTNAME', 'green', 'html'),
    neither: [],
    other: zabbix('PROBLEM', 'otherHOST', 'red', 'html'),
  },
];

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
