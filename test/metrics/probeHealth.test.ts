import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logProbe, probeHealth } from '../../src/metrics/probeHealth.js';

const recorder = () => {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields: fields ?? {} });
  };
  return { lines, logger: { info: record('INFO'), error: record('ERROR') } };
};

describe('probeHealth', () => {
  it('is ok on a 200 from a real server, not ok on a 503 or a redirect', async () => {
    let status = 200;
    const server = createServer((_, response) => {
      response.writeHead(status, status === 301 ? { location: 'https://elsewhere/' } : {});
      response.end('{"status":"ok"}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    try {
      expect(await probeHealth(url)).toMatchObject({ ok: true, status: 200 });
      status = 503;
      expect(await probeHealth(url)).toMatchObject({ ok: false, status: 503 });
      status = 301;
      expect(await probeHealth(url)).toMatchObject({ ok: false, status: 301 });
    } finally {
      server.close();
    }
  });

  it('turns a refused connection or a timeout into a failed result, never a throw', async () => {
    const server = createServer(() => {}).listen(0, '127.0.0.1'); // never answers
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const slow = await probeHealth(`http://127.0.0.1:${port}/health`, { timeoutMs: 100 });
      expect(slow.ok).toBe(false);
      expect(slow.error).toMatch(/Timeout|abort/i);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const refused = await probeHealth(`http://127.0.0.1:${port}/health`);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });

  it('logs one line that is the ProbeOk metric: 1 when ok, 0 (an error line) when not', () => {
    const { lines, logger } = recorder();
    logProbe(logger, 'https://h/health', { ok: true, status: 200, latencyMs: 5 }, () => 1000);
    logProbe(logger, 'https://h/health', { ok: false, error: 'x', latencyMs: 5 }, () => 1000);
    expect(lines.map((l) => [l.level, l.message, l.fields.ProbeOk])).toEqual([
      ['INFO', 'probe', 1],
      ['ERROR', 'probe', 0],
    ]);
    expect(lines[0]?.fields._aws).toEqual({
      Timestamp: 1000,
      CloudWatchMetrics: [
        {
          Namespace: 'HipChatSlackProxy',
          Dimensions: [['service']],
          Metrics: [{ Name: 'ProbeOk', Unit: 'Count' }],
        },
      ],
    });
  });
});
