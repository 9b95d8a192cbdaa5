import { describe, expect, it } from 'vitest';
import { claimsOtherTarget } from '../../src/translate/claimsOtherTarget.js';

const EVIL = 'https://evil.example/';

describe('claimsOtherTarget: a label that reads as another address is a disguise', () => {
  it.each([
    'good.example/login',
    'https://good.example/login now',
    'ｈｔｔｐｓ://good.example',
    '\u200bhttps://good.example',
    '\u202ehttps://good.example',
    'Sign in at www.good.example',
    'Log in at bank.example/login',
    'Login:https://bank.example/login',
    'URL:bank.example',
    '🔒bank.example/login',
    '→bank.example',
    'bank\u3002example/login',
    'ba\u034fnk.example',
    'bank\ufe0f.example',
    'bank.example\u2800now',
    'https://bank.example@evil.example/',
    '192.168.1.10/admin',
    'paypal.com',
    'Visit paypal.com.',
    '(https://bank.example)',
    'mailto:ceo@bank.example',
    'ftp://bank.example',
  ])('%j → a link to evil.example is disguised', (label) => {
    expect(claimsOtherTarget(label, EVIL)).toBe(true);
  });
});

describe('claimsOtherTarget: a label that is only a host-shaped name reads as that host', () => {
  // Shown as `label <url>`, so a name read as a host loses nothing (see mrkdwnLink).
  it.each([
    ['package.json', 'https://github.com/x/y/pull/1/files'],
    ['app.module.ts', 'https://gitlab.example.com/x/-/merge_requests/1/diffs'],
    ['api.example.com', 'https://example.com/status'],
    ['mbank.pl/login', EVIL],
    ['sbi.co.in/login', EVIL],
    ['bank.zip/login', EVIL],
    ['victim.s3.amazonaws.com/login', 'https://s3.amazonaws.com/attacker-bucket/'],
    ['paypal.com:443', 'https://evil.example/x/paypal.com/y'],
  ])('%j → %s', (label, url) => {
    expect(claimsOtherTarget(label, url)).toBe(true);
  });

  it('reads a long run of punctuation in one pass (a 200 KB card label)', () => {
    const label = `www.${'!'.repeat(200_000)}a https://x.example/${')'.repeat(200_000)}b`;
    expect(claimsOtherTarget(label, 'https://ci.example.com/')).toBe(true);
  });
});

describe('claimsOtherTarget: labels CI, trackers and alerts really use are honest', () => {
  it.each([
    ['Node.js CI #42', 'https://ci.example.com/42'],
    ['Vue.js 3 upgrade', 'https://github.com/x/y/pull/1'],
    ['README.md updated', 'https://github.com/x/y/commit/abc'],
    ['lodash.merge: bump to 4.6.2', 'https://github.com/x/y/pull/2'],
    ['main.go:57', 'https://github.com/x/y/blob/main/main.go#L57'],
    ['Build 2.4.10.7', 'https://ci.example.com/x'],
    ['Deploy api.prod.example.com #42', 'https://api.prod.example.com/deploys/42'],
    ['models.py in handle_request', 'https://sentry.example.com/issues/1'],
    ['build.log', 'https://jenkins.example.com/job/a/1/artifact/build.log/*view*/'],
    ['setup.py', 'https://github.com/o/r/blob/main/setup.py'],
    ['example.com', 'https://ci.example.com/x'],
    ['bank.co.uk login', 'https://www.bank.co.uk/login'],
    ['grafana.corp', 'https://grafana.corp/d/1'],
    ['https://ci.example.com/job/1', 'https://ci.example.com/job/1'],
    ['Build #42', 'https://ci.example.com/42'],
    ['v1.2.3 released', 'https://github.com/x/y/releases'],
    ['e.g. the log', 'https://x.example/'],
    ['ops@bank.example', 'https://evil.example/'],
    ['mailto:ops@example.com', 'mailto:OPS@example.com'],
  ])('%j → %s', (label, url) => {
    expect(claimsOtherTarget(label, url)).toBe(false);
  });
});
