import type { LifecycleState, Recognition, Recognizer, RecognizerInput } from './Recognizer.js';

/**
 * The recognizers of the legacy senders, first match wins (docs/messages.md, "Alert lifecycles").
 * Each reads what the sender's own source writes (cited per row; the tests hold real payloads):
 *
 * | sender | recognized by | subject (keyed with the room) | open | resolved | neither |
 * |---|---|---|---|---|---|
 * | jenkins | `job #n Build …` (the plugin's default messages) | the card `url` (the build's URL), else `job #n` | started, failed, unstable | successful, back to normal | aborted, not built |
 * | grafana | a card titled `[State] rule` | the card `url` (the rule's URL) | Alerting, No Data | OK | Paused, Pending |
 * | nagios | hipsaint's `[TYPE] host service is STATE:` or its HTML `Type:` layout | `host service` (short) or `service on host` (HTML) | PROBLEM | RECOVERY | ACKNOWLEDGEMENT, FLAPPING…, DOWNTIME…, CUSTOM |
 * | alertmanager | `[FIRING:n] …` / `[RESOLVED] …` | the group labels' values | FIRING | RESOLVED | — |
 * | sensu | `ALERT - [client/check] - …` / `RESOLVED - …` | `client/check` | ALERT | RESOLVED | — |
 * | zabbix | subject line `PROBLEM:` / `OK:`, or Zabbix 5+'s `Problem:` / `Resolved in …:` / `Updated problem in …:` | the rest of the subject line | PROBLEM, Problem | OK, Resolved in | Updated problem |
 *
 * A failed (or unstable) build is a problem, not a resolution: it opens its build's thread, or
 * keeps it open, and shows red. Jenkins sends nothing more for that build number — the next
 * build's "back to normal" is another build, another thread — so the root stays open; an
 * operator who wants one thread per job can add a recognizer keyed on the job alone.
 */
export const RECOGNIZERS: readonly Recognizer[] = [
  {
    sender: 'jenkins',
    recognizes: 'Jenkins HipChat plugin: "<job> #<n> Build started|successful|failed|…"',
    match: jenkins,
  },
  {
    sender: 'grafana',
    recognizes: 'Grafana\'s legacy HipChat notifier: a card titled "[Alerting|OK|No Data] <rule>"',
    match: grafana,
  },
  {
    sender: 'nagios',
    recognizes: 'hipsaint for Nagios/Icinga: "[PROBLEM] <host> <service> is CRITICAL: …"',
    match: nagios,
  },
  {
    sender: 'alertmanager',
    recognizes: 'Alertmanager\'s default subject: "[FIRING:<n>] <group labels> (<common labels>)"',
    match: alertmanager,
  },
  {
    sender: 'sensu',
    recognizes: 'sensu-plugins-hipchat: "ALERT - [<client>/<check>] - <output>" / "RESOLVED - …"',
    match: sensu,
  },
  {
    sender: 'zabbix',
    recognizes: 'Zabbix subjects: "PROBLEM: <trigger>" / "OK: <trigger>" (and Zabbix 5+ defaults)',
    match: zabbix,
  },
];

// jenkinsci/hipchat-plugin src/main/resources/jenkins/plugins/hipchat/Messages.properties:
// JobStarted=$JOB_NAME #$BUILD_NUMBER $STATUS ($HIPCHAT_CHANGES_OR_CAUSE) (<a href="$BUILD_URL">View build</a>),
// JobCompleted=$JOB_NAME #$BUILD_NUMBER $STATUS after $BUILD_DURATION (<a href="$BUILD_URL">View build</a>)
// (older releases: "(<a href="$URL">Open</a>)"); $STATUS is Started=Build started, Success=…;
// the card's url is the build URL, its id a new UUID each time (impl/DefaultCardProvider.java).
const JENKINS_STATUSES: Readonly<Record<string, LifecycleState>> = {
  'Build started': 'open',
  'Build failed': 'open',
  'Build is unstable': 'open',
  'Build successful': 'resolved',
  'Build is back to normal': 'resolved',
  'Build aborted': 'neither',
  'Module not built': 'neither',
};
const JENKINS =
  /^(.+?) #(\d+) (Build started|Build failed|Build is unstable|Build successful|Build is back to normal|Build aborted|Module not built)(?: |$)/;

function jenkins({ firstLine, notification }: RecognizerInput): Recognition | undefined {
  const [, job, build, status] = JENKINS.exec(firstLine) ?? [];
  if (job === undefined || status === undefined) return undefined;
  const state = JENKINS_STATUSES[status] ?? 'neither';
  return { subject: notification.card?.url || `${job} #${build}`, state };
}

// grafana/grafana pkg/services/alerting/notifiers/hipchat.go: card { style: "link", url: ruleUrl,
// id: "1", title: evalContext.GetNotificationTitle() } — the title is "[<state text>] <rule name>".
const GRAFANA_STATES: Readonly<Record<string, LifecycleState>> = {
  Alerting: 'open',
  'No Data': 'open',
  OK: 'resolved',
  Paused: 'neither',
  Pending: 'neither',
};
const GRAFANA_TITLE = /^\[(Alerting|No Data|OK|Paused|Pending)\] \S/;

function grafana({ notification }: RecognizerInput): Recognition | undefined {
  const card = notification.card;
  const [, state] = GRAFANA_TITLE.exec(card?.title ?? '') ?? [];
  if (!card?.url || state === undefined) return undefined;
  return { subject: card.url, state: GRAFANA_STATES[state] ?? 'neither' };
}

// hannseman/hipsaint hipsaint/templates/short-service.html and short-host.html:
// "[{{ ntype }}] {{ hostalias }} {{ servicedesc }} is {{ state }}: {{ serviceoutput }}";
// templates/service.html / host.html: "<strong>{{ timestamp }} - {{ servicedesc }} on
// {{ hostalias }} (nagios@{{ nagios_host }})</strong><br/><strong>Type:</strong> {{ ntype }}…".
const NAGIOS_TYPES =
  'PROBLEM|RECOVERY|ACKNOWLEDGEMENT|FLAPPINGSTART|FLAPPINGSTOP|FLAPPINGDISABLED|DOWNTIMESTART|DOWNTIMEEND|DOWNTIMECANCELLED|CUSTOM';
const NAGIOS_SHORT = new RegExp(
  `^\\[(${NAGIOS_TYPES})\\] (.+?) is (?:UP|DOWN|UNREACHABLE|OK|WARNING|CRITICAL|UNKNOWN)(?::|$)`,
);
const NAGIOS_HEADER = /^.* - (.+?) \(nagios@[^()]*\)$/;
const NAGIOS_TYPE_LINE = new RegExp(`^Type: (${NAGIOS_TYPES})$`, 'm');

function nagios({ firstLine, text }: RecognizerInput): Recognition | undefined {
  const [, shortType, shortSubject] = NAGIOS_SHORT.exec(firstLine) ?? [];
  if (shortType !== undefined && shortSubject !== undefined) {
    return { subject: shortSubject, state: nagiosState(shortType) };
  }
  const [, subject] = NAGIOS_HEADER.exec(firstLine) ?? [];
  const [, type] = NAGIOS_TYPE_LINE.exec(text) ?? [];
  if (subject === undefined || type === undefined) return undefined;
  return { subject: subject.trim(), state: nagiosState(type) };
}

function nagiosState(type: string): LifecycleState {
  return type === 'PROBLEM' ? 'open' : type === 'RECOVERY' ? 'resolved' : 'neither';
}

// prometheus/alertmanager template/default.tmpl: hipchat.default.message is __subject,
// "[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}]
// {{ .GroupLabels.SortedPairs.Values | join " " }} {{ if gt (len .CommonLabels) (len .GroupLabels) }}
// ({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}){{ end }}".
// The common labels change as alerts join and leave the group; the group labels do not.
const ALERTMANAGER = /^\[(FIRING:\d+|RESOLVED)\] (.*)$/;

function alertmanager({ firstLine }: RecognizerInput): Recognition | undefined {
  const [, status, rest] = ALERTMANAGER.exec(firstLine) ?? [];
  if (status === undefined || rest === undefined) return undefined;
  const common = rest.endsWith(')') ? rest.indexOf(' (') : -1;
  const groupValues = (common === -1 ? rest : rest.slice(0, common)).trim();
  return { subject: groupValues, state: status === 'RESOLVED' ? 'resolved' : 'open' };
}

// sensu-plugins/sensu-plugins-hipchat bin/handler-hipchat.rb, the default template:
// [@event["action"].eql?("resolve") ? "RESOLVED" : "ALERT", " - [#{event_name}] - ", output, …]
// with event_name = client name + '/' + check name.
const SENSU = /^(ALERT|RESOLVED) - \[([^\]]+)\] - /;

function sensu({ firstLine }: RecognizerInput): Recognition | undefined {
  const [, action, subject] = SENSU.exec(firstLine) ?? [];
  if (action === undefined || subject === undefined) return undefined;
  return { subject, state: action === 'RESOLVED' ? 'resolved' : 'open' };
}

// v-zhuravlev/zabbix-notify lib/HipChatBot.pm: message = subject . "\n" . message, the subject
// "{TRIGGER.STATUS}:{HOSTNAME}:{TRIGGER.NAME}" (README), TRIGGER.STATUS being PROBLEM or OK;
// Zabbix 5+'s default subjects (zabbix/zabbix CMediatypeHelper::messageTemplates):
// "Problem: {EVENT.NAME}", "Resolved in {EVENT.DURATION}: {EVENT.NAME}",
// "Updated problem in {EVENT.AGE}: {EVENT.NAME}".
const ZABBIX: readonly (readonly [RegExp, LifecycleState])[] = [
  [/^PROBLEM ?: ?(.+)$/, 'open'],
  [/^OK ?: ?(.+)$/, 'resolved'],
  [/^Problem: (.+)$/, 'open'],
  [/^Resolved in [^:]+: (.+)$/, 'resolved'],
  [/^Updated problem in [^:]+: (.+)$/, 'neither'],
];

function zabbix({ firstLine }: RecognizerInput): Recognition | undefined {
  for (const [pattern, state] of ZABBIX) {
    const subject = pattern.exec(firstLine)?.[1]?.trim();
    if (subject) return { subject, state };
  }
  return undefined;
}
