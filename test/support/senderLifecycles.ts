/**
 * Real senders' notifications through an alert's life, shared by the recognizer tests and the
 * threads acceptance tests (npm start, the Lambda).
 */
/**
 * Each sender's real notifications, built the way its source builds them (file cited per
 * sender), through an alert's life: open → resolved → open again, then the notifications that
 * belong to it without changing it, and look-alikes that are not it.
 */
export interface SenderCase {
  readonly sender: string;
  readonly subject: string;
  readonly open: Record<string, unknown>;
  readonly resolved: Record<string, unknown>;
  readonly neither: readonly Record<string, unknown>[];
  /** Same sender, another alert (another host, build, group): must not share the key. */
  readonly other: Record<string, unknown>;
  /**
   * How the sender calls: v2 `POST /v2/room/{room}/notification` (JSON), v1 `GET
   * /v1/rooms/message` with every field in the query (hipsaint), or v1's form POST (Sensu).
   */
  readonly via: 'v2' | 'v1 GET' | 'v1 POST';
}

export const BUILD_URL = 'https://ci.example.com/job/shop-api/142/';

/** jenkinsci/hipchat-plugin impl/HipChatV2Service.java: v2 body { message, message_format, color, notify, card }. */
export const jenkinsV2 = (
  status: string,
  tail: string,
  color: string,
  url = BUILD_URL,
  n = 142,
) => ({
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
export const grafana = (state: string, color: string, rule = 'CPU high', ruleUrl = RULE_URL) => ({
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
export const RULE_URL = 'https://grafana.example.com/d/abc123/hosts?tab=alert&editPanel=2&orgId=1';

/**
 * hannseman/hipsaint hipsaint/messages.py deliver_payload(): a GET /v1/rooms/message with
 * room_id, from, message, color, notify, auth_token in the query (no message_format: v1's html);
 * templates/short-service.html: "[{{ ntype }}] {{ hostalias }} {{ servicedesc }} is {{ state }}: {{ serviceoutput }}".
 */
export const hipsaintShort = (ntype: string, state: string, color: string, host = 'web01') => ({
  message: `[${ntype}] ${host} HTTP is ${state}: HTTP ${state} - 0.02 second response time\n`,
  from: 'Nagios',
  color,
  notify: '1',
});
/** hipsaint templates/service.html (the default for --type service). */
export const hipsaintHtml = (ntype: string, state: string, color: string, host = 'web01') => ({
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
export const alertmanager = (subject: string, color: string) => ({
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
export const sensu = (action: string, client: string, output: string, color: string) => ({
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
export const zabbix = (status: string, host: string, color: string, format = 'text') => ({
  color,
  message:
    `${status}:${host} Temperature Failure on DAE5S Bus 1 Enclosure 1\n` +
    `Host: ${host}\nTrigger: ${status}: ${host} Temperature Failure on DAE5S Bus 1 Enclosure 1: High\n` +
    'Timestamp: 2016.03.14 11:57:10 YEKT eventid: 100502',
  message_format: format,
  notify: true,
});

export const SENDER_CASES: readonly SenderCase[] = [
  {
    sender: 'jenkins',
    subject: BUILD_URL,
    open: jenkinsV2('Build started', '(Started by user Ada)', 'green'),
    resolved: jenkinsV2('Build successful', 'after 2 min 3 sec', 'green'),
    neither: [jenkinsV2('Build aborted', 'after 10 sec', 'gray')],
    other: jenkinsV2('Build started', '(Started by user Ada)', 'green', `${BUILD_URL}x`, 143),
    via: 'v2',
  },
  {
    sender: 'grafana',
    subject: RULE_URL,
    open: grafana('Alerting', 'red'),
    resolved: grafana('OK', 'green'),
    neither: [grafana('Pending', 'gray')],
    other: grafana('Alerting', 'red', 'Disk full', `${RULE_URL}&panelId=3`),
    via: 'v2',
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
    via: 'v1 GET',
  },
  {
    sender: 'nagios',
    subject: 'HTTP on web01',
    open: hipsaintHtml('PROBLEM', 'CRITICAL', 'red'),
    resolved: hipsaintHtml('RECOVERY', 'OK', 'green'),
    neither: [hipsaintHtml('DOWNTIMESTART', 'CRITICAL', 'purple')],
    other: hipsaintHtml('PROBLEM', 'CRITICAL', 'red', 'web02'),
    via: 'v1 GET',
  },
  {
    sender: 'alertmanager',
    subject: 'HighCPU shop',
    open: alertmanager('[FIRING:2] HighCPU shop (page production)', 'red'),
    resolved: alertmanager('[RESOLVED] HighCPU shop (page production web01:9100)', 'green'),
    neither: [],
    other: alertmanager('[FIRING:1] HighCPU billing (page production)', 'red'),
    via: 'v2',
  },
  {
    sender: 'sensu',
    subject: 'web01/check-disk',
    open: sensu('ALERT', 'web01', 'CheckDisk CRITICAL: / 97% used', 'red'),
    resolved: sensu('RESOLVED', 'web01', 'CheckDisk OK: All disk usage under 85%', 'green'),
    neither: [],
    other: sensu('ALERT', 'web02', 'CheckDisk CRITICAL: / 97% used', 'red'),
    via: 'v1 POST',
  },
  {
    sender: 'zabbix',
    subject: 'myHOSTNAME Temperature Failure on DAE5S Bus 1 Enclosure 1',
    open: zabbix('PROBLEM', 'myHOSTNAME', 'red'),
    resolved: zabbix('OK', 'myHOSTNAME', 'green'),
    neither: [],
    other: zabbix('PROBLEM', 'otherHOST', 'red'),
    via: 'v2',
  },
  {
    sender: 'zabbix',
    subject: 'myHOSTNAME Temperature Failure on DAE5S Bus 1 Enclosure 1',
    open: zabbix('PROBLEM', 'myHOSTNAME', 'red', 'html'),
    resolved: zabbix('OK', 'myHOSTNAME', 'green', 'html'),
    neither: [],
    other: zabbix('PROBLEM', 'otherHOST', 'red', 'html'),
    via: 'v2',
  },
];
