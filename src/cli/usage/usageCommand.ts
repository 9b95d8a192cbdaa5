import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CliCommand } from '../CliCommand.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { formatTable } from '../formatTable.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { parseSince } from './parseSince.js';
import { summarizeUsage } from './summarizeUsage.js';

const HELP = `Usage: hipchat-proxy usage [--since WHEN] [--json] [LOGFILE…]

Which legacy apps still send? Reads the proxy's request log lines (files, or stdin when none
are given) and prints, per token label: messages delivered, other requests, first and last
seen, the rooms used, the addresses the requests came from (CALLERS) and whether any came over
plain HTTP (PLAIN HTTP: yes and how many, no, or - for lines of a proxy that did not log the
scheme). Apps that stopped sending come first. OTHER REQUESTS counts every request that is not a
delivered message: lookups and auth tests (answered or not) and refusals. A LABEL@rotated-… row
is an app still using the token it was rotated away from. Port 80 can be closed once no row
says yes.

Then UNMAPPED ROOMS, when there are any: the room ids and names callers used that answered
404 because the proxy has no channel for them (a numeric id the room map lacks, or a name
whose slug channel Slack does not have), per label, most requests first. Add them to the room
map. A mapped room that answered 404 is not listed: its entry names a channel Slack lacks.

  --since WHEN   only lines from then on: 7d, 24h (ago), or a past date such as 2026-11-01
  --json         print {"requests":N,"labels":[{label,messages,otherRequests,firstSeen,lastSeen,
                 rooms,callers:[{address,requests,plainHttpRequests}],plainHttpRequests,
                 plainHttp}],"unmappedRooms":[{room,label,requests,lastSeen}]}

Exit codes: 0 done (also when no line matched), 2 bad command line, 3 a log file does not
exist, 1 another read error.

Examples:
  npm start 2>&1 | tee proxy.log        # locally; then: hipchat-proxy usage proxy.log
  aws logs tail /aws/lambda/<function> --since 7d | hipchat-proxy usage
`;

/**
 * `hipchat-proxy usage`: messages per token label, first and last seen, rooms, callers'
 * addresses and plain-HTTP use, from the structured
 * request logs — the local answer to "who still sends?" (the dashboard answers it in AWS) —
 * and the rooms callers named that the room map lacks (UNMAPPED ROOMS).
 *
 * @example
 * hipchat-proxy usage --since 7d proxy.log
 */
export const usageCommand: CliCommand = {
  name: 'usage',
  summary: 'per token label: messages, first/last seen, callers, plain HTTP, rooms; unmapped rooms',
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { since: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      context.stdout(HELP);
      return EXIT_CODES.ok;
    }
    const since = values.since === undefined ? undefined : parseSince(values.since, context.now());
    const summary = summarizeUsage({ since });
    if (positionals.length === 0) {
      if (context.stdinIsTerminal) throw CliError.usage('give log files, or pipe the logs in');
      for (const line of (await context.readStdin()).split('\n')) summary.add(line);
    }
    for (const file of positionals) {
      try {
        const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
        for await (const line of lines) summary.add(line);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(
          code === 'ENOENT' ? EXIT_CODES.notFound : EXIT_CODES.failure,
          `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`,
        );
      }
    }
    const rows = summary.rows();
    const unmappedRooms = summary.unmappedRooms();
    if (values.json) {
      context.stdout(
        `${JSON.stringify({ requests: summary.requestLines, labels: rows, unmappedRooms })}\n`,
      );
      return EXIT_CODES.ok;
    }
    if (rows.length === 0) {
      context.stderr('no request log lines found\n');
      return EXIT_CODES.ok;
    }
    context.stdout(
      formatTable(
        [
          'LABEL',
          'MESSAGES',
          'OTHER REQUESTS',
          'FIRST SEEN',
          'LAST SEEN',
          'PLAIN HTTP',
          'CALLERS',
          'ROOMS',
        ],
        rows.map((row) => [
          row.label,
          String(row.messages),
          String(row.otherRequests),
          row.firstSeen ?? '-',
          row.lastSeen ?? '-',
          row.plainHttp === null ? '-' : row.plainHttp ? `yes (${row.plainHttpRequests})` : 'no',
          row.callers.map(({ address, requests }) => `${address} (${requests})`).join(', ') || '-',
          row.rooms.map(({ room, requests }) => `${room} (${requests})`).join(', '),
        ]),
      ),
    );
    if (unmappedRooms.length > 0) {
      context.stdout(
        `\nUNMAPPED ROOMS\n${formatTable(
          ['ROOM', 'LABEL', 'REQUESTS', 'LAST SEEN'],
          unmappedRooms.map((row) => [
            row.room,
            row.label,
            String(row.requests),
            row.lastSeen ?? '-',
          ]),
        )}`,
      );
    }
    return EXIT_CODES.ok;
  },
};
