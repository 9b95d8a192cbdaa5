import { describe, expect, it } from 'vitest';
import { toXml } from '../../src/hipchat/toXml.js';

describe('toXml', () => {
  it('maps objects to elements, arrays to repeated singular elements, and escapes text', () => {
    expect(toXml('response', { rooms: [{ room_id: 1, name: 'R&D <ops>' }] })).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<response><rooms><room><room_id>1</room_id><name>R&amp;D &lt;ops&gt;</name></room></rooms></response>',
    );
  });
});
