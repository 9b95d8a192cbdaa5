import { describe, expect, it } from 'vitest';
import { parseNotification } from '../../src/hipchat/parseNotification.js';
import {
  MAX_OPERATOR_INPUT,
  parseOperatorRecognizers,
  RECOGNIZERS,
  RecognizerError,
  recognizeLifecycle,
} from '../../src/lifecycles/index.js';
import { riskyPattern } from '../../src/lifecycles/riskyPattern.js';

const CHECKS = {
  sender: 'checks',
  pattern: '^(?<state>DOWN|UP|ACK): (?<key>\\S+)',
  states: { open: ['DOWN'], resolved: ['UP'] },
};

const text = (message: string, format = 'text') =>
  parseNotification({ message, message_format: format });

describe('parseOperatorRecognizers: good patterns', () => {
  it('reads the JSON text, matches key and state, maps state values, other values are neither', () => {
    const mine = parseOperatorRecognizers(JSON.stringify([CHECKS]));
    const seen = ['DOWN: db01 gone', 'UP: db01 back', 'ACK: db01 by Ada'].map((message) =>
      recognizeLifecycle(text(message), 'ops', mine),
    );
    expect(seen.map((found) => found?.state)).toEqual(['open', 'resolved', 'neither']);
    expect(new Set(seen.map((found) => found?.key)).size).toBe(1);
    expect(seen[0]).toMatchObject({ sender: 'checks', subject: 'db01' });
  });

  it('takes the parsed value too (the deploy config), and reads html as text', () => {
    const mine = parseOperatorRecognizers([CHECKS]);
    const found = recognizeLifecycle(text('<b>DOWN</b>: <i>db01</i> gone', 'html'), 'ops', mine);
    expect(found).toMatchObject({ state: 'open', subject: 'db01' });
  });

  it('ignoreCase applies to the pattern and to the state values', () => {
    const mine = parseOperatorRecognizers([
      { ...CHECKS, pattern: '^(?<state>down|up): (?<key>\\S+)', ignoreCase: true },
    ]);
    expect(recognizeLifecycle(text('Down: db01'), 'ops', mine)?.state).toBe('open');
    expect(recognizeLifecycle(text('UP: db01'), 'ops', mine)?.state).toBe('resolved');
  });

  it('an operator recognizer put first wins over the built-in table', () => {
    const perJob = parseOperatorRecognizers([
      {
        sender: 'jenkins-jobs',
        pattern: '^(?<key>.+?) #\\d+ (?<state>Build failed|Build is back to normal)',
        states: { open: ['Build failed'], resolved: ['Build is back to normal'] },
      },
    ]);
    const failed = recognizeLifecycle(text('shop-api #12 Build failed after 3 sec'), 'ops', [
      ...perJob,
      ...RECOGNIZERS,
    ]);
    const fixed = recognizeLifecycle(
      text('shop-api #13 Build is back to normal after 3 sec'),
      'ops',
      [...perJob, ...RECOGNIZERS],
    );
    expect(failed).toMatchObject({ sender: 'jenkins-jobs', state: 'open', subject: 'shop-api' });
    expect(fixed?.key).toBe(failed?.key);
  });

  it('no match, an empty key or a state group that did not take part: not recognized / neither', () => {
    const mine = parseOperatorRecognizers([
      { ...CHECKS, pattern: '^(?:(?<state>DOWN): )?host (?<key>\\S*)' },
    ]);
    expect(recognizeLifecycle(text('nothing here'), 'ops', mine)).toBeUndefined();
    expect(recognizeLifecycle(text('host '), 'ops', mine)).toBeUndefined();
    expect(recognizeLifecycle(text('host db01'), 'ops', mine)?.state).toBe('neither');
  });

  it(`reads only the first ${MAX_OPERATOR_INPUT} characters of the text`, () => {
    const mine = parseOperatorRecognizers([
      { ...CHECKS, pattern: '(?<state>DOWN): (?<key>\\S+)$' },
    ]);
    const late = `${'x'.repeat(MAX_OPERATOR_INPUT)} DOWN: db01`;
    expect(recognizeLifecycle(text(late), 'ops', mine)).toBeUndefined();
  });

  it('accepts an empty list', () => {
    expect(parseOperatorRecognizers('[]')).toEqual([]);
  });
});

describe('parseOperatorRecognizers: refused, with a message naming the entry', () => {
  const refusal = (value: unknown) => {
    try {
      parseOperatorRecognizers(value);
    } catch (error) {
      expect(error).toBeInstanceOf(RecognizerError);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it.each([
    ['not JSON', '[{', /not JSON/],
    ['not an array', '{}', /lifecycle recognizers: .*array/i],
    ['an unknown field', [{ ...CHECKS, colour: 'red' }], /at 0: .*colour/i],
    ['a missing pattern', [{ sender: 'x', states: CHECKS.states }], /at 0\.pattern/],
    ['a bad sender name', [{ ...CHECKS, sender: '<script>' }], /at 0\.sender/],
    [
      'a pattern too long',
      [{ ...CHECKS, pattern: `(?<key>a)(?<state>b)${'c'.repeat(500)}` }],
      /at 0\.pattern/,
    ],
    [
      'an invalid regex',
      [{ ...CHECKS, pattern: '(?<key>a(?<state>b)' }],
      /recognizer 1 \("checks"\): the pattern is not a valid regular expression/,
    ],
    [
      'no key group',
      [{ ...CHECKS, pattern: '^(?<state>DOWN|UP): \\S+' }],
      /recognizer 1 \("checks"\): the pattern has no named group "key"/,
    ],
    [
      'no state group',
      [{ ...CHECKS, pattern: '^(DOWN|UP): (?<key>\\S+)' }],
      /no named group "state"/,
    ],
    [
      'a nested quantifier',
      [{ ...CHECKS, pattern: '^(?<state>DOWN): (?<key>(\\w+\\s?)+)$' }],
      /looks catastrophic.*repeated group holds a repetition/,
    ],
    [
      'a backreference',
      [{ ...CHECKS, pattern: '^(?<state>DOWN): (?<key>\\w+) \\1' }],
      /looks catastrophic.*backreference/,
    ],
    ['no state values', [{ ...CHECKS, states: {} }], /states lists no value/],
    [
      'a value both open and resolved',
      [{ ...CHECKS, states: { open: ['UP'], resolved: ['UP'] } }],
      /"UP" is listed as open and resolved/,
    ],
    [
      'more than 50 recognizers',
      Array.from({ length: 51 }, () => CHECKS),
      /lifecycle recognizers: /,
    ],
  ] as const)('%s', (_what, value, message) => {
    expect(refusal(value)).toMatch(message);
  });

  it('names the second entry when the second is at fault', () => {
    expect(refusal([CHECKS, { ...CHECKS, sender: 'two', pattern: '(?<key>x)' }])).toMatch(
      /^recognizer 2 \("two"\)/,
    );
  });
});

describe('riskyPattern', () => {
  it.each([
    '(a+)+$',
    '(a*)*',
    '^(?:\\w+\\s?)*$',
    '(x+x+)+y',
    '((ab)*c)+',
    '(?<key>[a-z]+)*',
    '(.*a){2,}',
    '(a+){3}',
    '(?:(?:a+))+',
    '(?<key>a{1,2})+',
  ])('refuses %s', (pattern) => {
    expect(riskyPattern(pattern)).toBeDefined();
  });

  it.each([
    '^(?<state>PROBLEM|OK): (?<key>\\S+)',
    '^\\[(?<state>[A-Z]+)\\] (?<key>.+?) is',
    '(?:foo|bar)+',
    '(ab)+',
    '(a+)?',
    '[(+*)]+',
    '\\(a+\\)+',
    '(?<=x)(?<key>y+)',
    'a{2}b{1,}',
  ])('accepts %s', (pattern) => {
    expect(riskyPattern(pattern)).toBeUndefined();
  });

  it('what it accepts runs quickly on the longest input it is given', () => {
    const mine = parseOperatorRecognizers([
      { ...CHECKS, pattern: '^(?<state>\\w+)\\s*:\\s*(?<key>\\w+)\\s*$' },
    ]);
    const started = performance.now();
    recognizeLifecycle(text(`${'a'.repeat(MAX_OPERATOR_INPUT - 2)}!`), 'ops', mine);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
