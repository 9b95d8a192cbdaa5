import { allowedUrl } from './allowedUrl.js';

/**
 * Characters a reader cannot see: default-ignorable code points (zero-width space and joiners,
 * bidi controls, soft hyphen, variation selectors, the combining grapheme joiner, Hangul
 * fillers) and the other format characters.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/** Blanks that are not whitespace to a regular expression (braille pattern blank). */
const BLANK = /\u2800/gu;
/** Dots IDNA reads as `.` (ideographic and halfwidth full stops). */
const IDNA_DOTS = /[\u3002\uff61]/gu;

/**
 * Whatever in a label reads as an address, each as a named group: a URL with a scheme, a
 * `mailto:`, a `www.` host, a bare host with a top-level domain (`bank.example/login`), an IPv4
 * address. Not inside a word or an e-mail address (`ops@bank.example`, `lodash.merge`'s tail).
 */
const ADDRESS =
  /(?<![\p{L}\p{N}_@.+-])(?:(?<scheme>[a-z][a-z0-9+.-]*:\/\/\S*)|(?<mailto>mailto:\S*)|(?<www>www\.\S*)|(?<ip>\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:[/?#]\S*)?)|(?<host>(?:[\p{L}\p{N}_-]+\.)+(?<tld>\p{L}{2,63})\.?(?::\d{1,5})?(?:[/?#]\S*)?))/giu;

/** Punctuation after an address that is not part of it: `(https://x.example),`. */
const TRAILING_PUNCTUATION = new Set(')"\']}>»”’.,;:!?');

/**
 * Top-level domains a bare host may end in, beyond two letters: the common generic ones and the
 * names used for internal and example hosts. A bare word ending otherwise (`Node.js`,
 * `package.json`, `build.log`) is a name, not a host.
 */
const TLDS = new Set(
  (
    'com net org info biz edu gov mil int app dev xyz online site top club shop store cloud ' +
    'page link live blog tech website space icu vip work email news global asia mobi name pro ' +
    'bank money finance login secure support services solutions company group example test ' +
    'invalid localhost local internal intranet corp lan home'
  ).split(' '),
);

/** Two-letter endings that are country domains but, in a CI or alert label, file extensions. */
const FILE_EXTENSIONS = new Set(
  'md py sh pl ps rs so mk am in js ts go cs hs ml rb cc hh el kt pm tf ex vb fs db gz xz'.split(
    ' ',
  ),
);

/**
 * Whether a link label reads as an address other than where the link goes — the shape of a
 * phishing link (`<a href="https://evil.example">https://bank.example/login</a>`).
 *
 * The label is read as a person sees it: NFKC-normalised (full-width `ｈｔｔｐｓ` is `https`),
 * invisible characters removed, IDNA's other dots read as `.`. Anything in it that reads as an
 * address claims its host — a URL with a scheme (anywhere: `Login:https://…`), `www.…`, a host
 * with a port or path or alone in the label (`mbank.pl/login`), a bare host in a sentence that
 * ends in a top-level domain (`Log in at bank.example`), an IPv4 address with a port or path —
 * unless it names the file the link points to (`setup.py` → `…/blob/main/setup.py`). A claim is
 * honest when the target is the claimed host or within it (`example.com` → `ci.example.com`); a
 * `mailto:` claim only for the same address; a claim with a user name
 * (`https://bank.example@evil.example`) or a scheme that is not an allowed web URL never is.
 *
 * @example
 * claimsOtherTarget('bank.example/login', 'https://evil.example/'); // true
 * claimsOtherTarget('Node.js CI #42', 'https://ci.example.com/42'); // false
 */
export function claimsOtherTarget(label: string, url: string): boolean {
  const seen = label
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(BLANK, ' ')
    .replace(IDNA_DOTS, '.');
  const target = new URL(url);
  const whole = seen.trim();
  for (const match of seen.matchAll(ADDRESS)) {
    const groups = match.groups ?? {};
    const address = withoutTrailingPunctuation(match[0] ?? '');
    // A host with a port or path, or alone in the label, is an address whatever it ends in;
    // a bare word in a sentence only with a top-level domain (`Node.js CI` is a name).
    const standsAsAddress = /[:/?#]/u.test(address) || address === whole;
    let claimed: string | undefined;
    if (groups.scheme !== undefined || groups.mailto !== undefined) claimed = address;
    else if (groups.www !== undefined) claimed = `https://${address}`;
    else if (groups.ip !== undefined) claimed = standsAsAddress ? `http://${address}` : undefined;
    else if ((standsAsAddress || isTld(groups.tld ?? '')) && !namesFileOf(address, target)) {
      claimed = `https://${address}`;
    }
    if (claimed !== undefined && !honestClaim(claimed, target)) return true;
  }
  return false;
}

/** Linear, unlike a `[…]+$` pattern, which backtracks quadratically on a long run. */
function withoutTrailingPunctuation(address: string): string {
  let end = address.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(address[end - 1] ?? '')) end -= 1;
  return address.slice(0, end);
}

function isTld(label: string): boolean {
  const tld = label.toLowerCase();
  return tld.length === 2 ? !FILE_EXTENSIONS.has(tld) : TLDS.has(tld);
}

function honestClaim(claimedUrl: string, target: URL): boolean {
  const allowed = allowedUrl(claimedUrl);
  if (allowed === undefined) return false;
  const claimed = new URL(allowed);
  if (claimed.protocol === 'mailto:' || target.protocol === 'mailto:') {
    return claimed.href.toLowerCase() === target.href.toLowerCase();
  }
  if (claimed.username !== '' || claimed.password !== '') return false;
  const host = bareHost(claimed.hostname);
  const actual = bareHost(target.hostname);
  // The target within the claimed host: the owner of `example.com` runs `ci.example.com`. Not
  // the other way (`victim.s3.amazonaws.com` → `s3.amazonaws.com/attacker`), nor any wider
  // "same site" (`a.github.io`, `b.github.io`), which would need the public-suffix list.
  return actual === host || actual.endsWith(`.${host}`);
}

function bareHost(hostname: string): string {
  return hostname.replace(/\.$/, '').replace(/^www\./, '');
}

/**
 * `setup.py` for a link to `…/setup.py`, `main.go:57` for `…/main.go#L57`: a file, not a host.
 * Never for a word ending in a top-level domain: the href is the sender's to choose
 * (`paypal.com` → `https://evil.example/paypal.com`).
 */
function namesFileOf(word: string, target: URL): boolean {
  const name = word.replace(/:\d+$/u, '').toLowerCase();
  if (/[/?#:]/u.test(name) || isTld(name.slice(name.lastIndexOf('.') + 1))) return false;
  return target.pathname.split('/').some((segment) => {
    try {
      return decodeURIComponent(segment).toLowerCase() === name;
    } catch {
      return segment.toLowerCase() === name;
    }
  });
}
