import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/config/createJsonLogger.js';

const AT = new Date('2026-12-07T06:00:00.000Z');

function recorder() {
  const lines: string[] = [];
  const logger = createJsonLogger({
    service: 'hipchat-slack-proxy',
    write: (line) => lines.push(line),
    now: () => AT,
  });
  return { logger, lines };
}

describe('createJsonLogger', () => {
  it('writes one JSON line a call: level, message, timestamp, service, then the fields in order', () => {
    const { logger, lines } = recorder();
    logger.info('request', { route: 'room.notification', status: 204 }, { durationMs: 3 });
    logger.warn('whitelist entry skipped', { label: 'cron', index: 2 });
    logger.error('unexpected failure');
    expect(lines).toEqual([
      '{"level":"INFO","message":"request","timestamp":"2026-12-07T06:00:00.000Z","service":"hipchat-slack-proxy","route":"room.notification","status":204,"durationMs":3}\n',
      '{"level":"WARN","message":"whitelist entry skipped","timestamp":"2026-12-07T06:00:00.000Z","service":"hipchat-slack-proxy","label":"cron","index":2}\n',
      '{"level":"ERROR","message":"unexpected failure","timestamp":"2026-12-07T06:00:00.000Z","service":"hipchat-slack-proxy"}\n',
    ]);
  });

  it('leaves out undefined fields, as JSON does', () => {
    const { logger, lines } = recorder();
    logger.info('request', { tokenLabel: undefined, room: '1234' });
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 'INFO',
      message: 'request',
      timestamp: AT.toISOString(),
      service: 'hipchat-slack-proxy',
      room: '1234',
    });
  });

  it("keeps the line's own head when a field has one of its names", () => {
    const { logger, lines } = recorder();
    logger.info('request', { message: 'spoofed', level: 'ERROR', route: 'health' });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'INFO',
      message: 'request',
      route: 'health',
    });
    expect(Object.keys(JSON.parse(lines[0] ?? '')).slice(0, 2)).toEqual(['level', 'message']);
  });

  it('writes a line even when a field cannot be serialized, and never throws', () => {
    const { logger, lines } = recorder();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => logger.error('dependency unavailable', { cycle, big: 1n })).not.toThrow();
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'ERROR',
      message: 'dependency unavailable',
      logError: expect.stringContaining('not serializable'),
    });
  });
});
