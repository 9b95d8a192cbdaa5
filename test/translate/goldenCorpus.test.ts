import { describe, expect, it } from 'vitest';
import { translate } from '../../src/translate/translate.js';
import { translateNotification } from '../../src/translate/translateNotification.js';
import { loadCorpus } from './translationCorpus.js';

const corpus = loadCorpus();

describe('golden corpus: real-shaped HipChat payloads translate exactly as recorded', () => {
  it('holds at least 40 payloads', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus.map((c) => [c.file, c] as const))('%s', (_, fixture) => {
    const actual = translateNotification(fixture.notification, fixture.options);
    // A plain JSON round trip: the expectation is what goes over the wire.
    const wire = JSON.parse(JSON.stringify(actual));
    if (process.env.UPDATE_GOLDEN === '1') fixture.update(wire);
    expect(wire, fixture.description).toStrictEqual(fixture.expected);
  });
});

describe('translate, as the routes call it (the HTML renderers loaded only when needed)', () => {
  it.each(corpus.map((c) => [c.file, c] as const))(
    '%s: the same as translateNotification',
    async (_, fixture) => {
      const lazily = await translate(fixture.notification, fixture.options);
      expect(lazily).toStrictEqual(translateNotification(fixture.notification, fixture.options));
    },
  );
});
