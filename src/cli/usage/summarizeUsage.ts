import { USAGE_METRICS } from '../../metrics/USAGE_METRICS.js';
import { isUnmappedRoom } from './isUnmappedRoom.js';

/** What `usage` reports for one token label. */
export interface UsageRow {
  /** The whitelist label, or `(no valid token)` for requests refused before one was known. */
  label: string;
  /** Requests that reached Slack (outcome `delivered`). */
  messages: number;
  /**
   * Every other request of this label, whatever its answer: lookups and auth tests that
   * succeeded, refusals, Slack failures.
   */
  otherRequests: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Rooms the label used, most used first, with their counts. */
  rooms: { room: string; requests: number }[];
  /**
   * The addresses the label's requests came from (the log line's `callerAddress`), most
   * requests first, each with how many of them arrived over plain HTTP.
   */
  callers: { address: string; requests: number; plainHttpRequests: number }[];
  /** Requests that arrived over plain HTTP (`scheme: http`); port 80 still serves them. */
  plainHttpRequests: number;
  /** Whether any request arrived over plain HTTP; null when no line said (older proxies). */
  plainHttp: boolean | null;
}

/** A room a label named that answered 404 for want of a channel (see `isUnmappedRoom`). */
export interface UnmappedRoomRow {
  /** The room as the caller named it: a HipChat id or name. */
  room: string;
  label: string;
  requests: number;
  lastSeen: string | null;
}

export const NO_VALID_TOKEN = USAGE_METRICS.noLabel;

/**
 * Folds the proxy's structured request log lines (one JSON object per line, as
 * createJsonLogger writes them; a text prefix such as `aws logs tail`'s timestamp is skipped) into per-label
 * usage (with the callers' addresses and schemes the lines carry), and the rooms that answered 404 for want of a channel into unmapped rooms. Lines that
 * are not request lines are ignored. Rows are ordered by last use, oldest first — the apps that
 * stopped sending come first; unmapped rooms by requests, most first.
 *
 * @example
 * const summary = summarizeUsage();
 * for (const line of lines) summary.add(line);
 * summary.rows(); // [{ label: 'billing-cron', messages: 12, lastSeen: '2026-11-24T…', rooms: [...], callers: [{ address: '10.20.30.40', requests: 12, plainHttpRequests: 12 }], plainHttp: true, … }]
 * summary.unmappedRooms(); // [{ room: '206977', label: 'nagios', requests: 40, lastSeen: '2026-11-24T…' }]
 */
export function summarizeUsage(options: { since?: number } = {}) {
  const byLabel = new Map<string, MutableRow>();
  // By room, then label: a room two apps name is two rows.
  const unmapped = new Map<string, Map<string, { requests: number; last: number }>>();
  let requestLines = 0;
  return {
    add(line: string): void {
      const record = parseRequestLine(line);
      if (record === undefined) return;
      const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
      if (options.since !== undefined && !(at >= options.since)) return;
      requestLines += 1;
      const label = typeof record.tokenLabel === 'string' ? record.tokenLabel : NO_VALID_TOKEN;
      let row = byLabel.get(label);
      if (row === undefined) {
        row = {
          label,
          messages: 0,
          otherRequests: 0,
          first: Number.NaN,
          last: Number.NaN,
          rooms: new Map(),
          callers: new Map(),
          plainHttpRequests: 0,
          schemeSeen: false,
        };
        byLabel.set(label, row);
      }
      if (record.outcome === 'delivered') row.messages += 1;
      else row.otherRequests += 1;
      const plainHttp = record.scheme === 'http';
      if (record.scheme === 'http' || record.scheme === 'https') row.schemeSeen = true;
      if (plainHttp) row.plainHttpRequests += 1;
      if (typeof record.callerAddress === 'string') {
        const caller = row.callers.get(record.callerAddress) ?? { requests: 0, plainHttp: 0 };
        caller.requests += 1;
        if (plainHttp) caller.plainHttp += 1;
        row.callers.set(record.callerAddress, caller);
      }
      if (!Number.isNaN(at)) {
        if (!(row.first <= at)) row.first = at;
        if (!(row.last >= at)) row.last = at;
      }
      if (typeof record.room === 'string') {
        row.rooms.set(record.room, (row.rooms.get(record.room) ?? 0) + 1);
      }
      if (isUnmappedRoom(record)) {
        let labels = unmapped.get(record.room);
        if (labels === undefined) {
          labels = new Map();
          unmapped.set(record.room, labels);
        }
        const seen = labels.get(label) ?? { requests: 0, last: Number.NaN };
        seen.requests += 1;
        if (!Number.isNaN(at) && !(seen.last >= at)) seen.last = at;
        labels.set(label, seen);
      }
    },
    get requestLines() {
      return requestLines;
    },
    rows(): UsageRow[] {
      return [...byLabel.values()]
        .sort((a, b) => (a.last || 0) - (b.last || 0) || a.label.localeCompare(b.label))
        .map((row) => ({
          label: row.label,
          messages: row.messages,
          otherRequests: row.otherRequests,
          firstSeen: Number.isNaN(row.first) ? null : new Date(row.first).toISOString(),
          lastSeen: Number.isNaN(row.last) ? null : new Date(row.last).toISOString(),
          rooms: [...row.rooms]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .map(([room, requests]) => ({ room, requests })),
          callers: [...row.callers]
            .sort((a, b) => b[1].requests - a[1].requests || a[0].localeCompare(b[0]))
            .map(([address, { requests, plainHttp }]) => ({
              address,
              requests,
              plainHttpRequests: plainHttp,
            })),
          plainHttpRequests: row.plainHttpRequests,
          plainHttp: row.schemeSeen ? row.plainHttpRequests > 0 : null,
        }));
    },
    unmappedRooms(): UnmappedRoomRow[] {
      return [...unmapped]
        .flatMap(([room, labels]) =>
          [...labels].map(([label, { requests, last }]) => ({ room, label, requests, last })),
        )
        .sort(
          (a, b) =>
            b.requests - a.requests ||
            (b.last || 0) - (a.last || 0) ||
            a.room.localeCompare(b.room) ||
            a.label.localeCompare(b.label),
        )
        .map(({ room, label, requests, last }) => ({
          room,
          label,
          requests,
          lastSeen: Number.isNaN(last) ? null : new Date(last).toISOString(),
        }));
    },
  };
}

interface MutableRow {
  label: string;
  messages: number;
  otherRequests: number;
  first: number;
  last: number;
  rooms: Map<string, number>;
  callers: Map<string, { requests: number; plainHttp: number }>;
  plainHttpRequests: number;
  schemeSeen: boolean;
}

function parseRequestLine(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf('{');
  if (start === -1) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line.slice(start));
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const fields = record as Record<string, unknown>;
  // Health checks say nothing about which apps still send.
  if (fields.message !== 'request' || fields.route === 'health') return undefined;
  return fields;
}
