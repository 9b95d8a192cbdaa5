import { allowedUrl } from './allowedUrl.js';

/**
 * Characters a reader cannot see: format characters (zero-width space and joiners, bidi
 * controls, soft hyphen, word joiner, BOM) and the Hangul fillers that render as blanks.
 */
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]/gu;

/** A URL with a scheme: `https://…`, `ftp://…`, `mailto:…`. */
const WITH_SCHEME = /^(?:[a-z][a-z0-9+.-]*:\/\/|mailto:)/iu;

/** A host name, perhaps with a port and a path: `good.example`, `www.bank.example:8443/login`. */
const HOST_LIKE = /^(?:[\p{L}\p{N}_-]+\.)+\p{L}{2,63}\.?(?::\d{1,5})?(?:[/?#]\S*)?$/u;

/** Punctuation around a word that is not part of it: `(https://x.example)`, `good.example/login,`. */
const WRAPPING = /^[("'[{<«“‘]+|[)"'\]}>»”’.,;:!?]+$/gu;

/**
 * Whether a link label reads as a web or mail address other than where the link goes — the
 * shape of a phishing link (`<a href="https://evil.example">https://bank.example/login</a>`).
 *
 * The label is read as a person sees it: NFKC-normalised (full-width `ｈｔｔｐｓ` is `https`)
 * with invisible characters removed. Any word with a scheme or starting `www.` claims its host,
 * and so does a first word shaped like a host (`bank.example/login now`), unless it is simply
 * the file the link points to (`setup.py` → `…/blob/main/setup.py`). A claim holds when the
 * target is that host or one of its subdomains (`example.com` → `ci.example.com`); `mailto:`
 * claims hold only for the same address. A word with a scheme that is not an allowed web URL
 * claims something the link cannot be, so it counts as disguised too.
 *
 * @example
 * claimsOtherTarget('bank.example/login', 'https://evil.example/'); // true
 * claimsOtherTarget('Build #42', 'https://ci.example.com/42');      // false
 */
export function claimsOtherTarget(label: string, url: string): boolean {
  const words = label.normalize('NFKC').replace(INVISIBLE, '').split(/\s+/u);
  const target = new URL(url);
  for (const [index, raw] of words.entries()) {
    const word = raw.replace(WRAPPING, '');
    if (WITH_SCHEME.test(word) || /^www\./iu.test(word)) {
      if (!honestClaim(WITH_SCHEME.test(word) ? word : `https://${word}`, target)) return true;
    } else if (index === 0 && HOST_LIKE.test(word) && !namesFileOf(word, target)) {
      if (!honestClaim(`https://${word}`, target)) return true;
    }
  }
  return false;
}

function honestClaim(claimedUrl: string, target: URL): boolean {
  const allowed = allowedUrl(claimedUrl);
  if (allowed === undefined) return false;
  const claimed = new URL(allowed);
  if (claimed.protocol === 'mailto:' || target.protocol === 'mailto:') {
    return claimed.href.toLowerCase() === target.href.toLowerCase();
  }
  const host = bareHost(claimed.hostname);
  const actual = bareHost(target.hostname);
  return actual === host || actual.endsWith(`.${host}`);
}

function bareHost(hostname: string): string {
  return hostname.replace(/\.$/, '').replace(/^www\./, '');
}

/** `setup.py` for a link to `…/setup.py`: a file name, not a host. */
function namesFileOf(word: string, target: URL): boolean {
  if (/[/?#:]/u.test(word)) return false;
  const last = target.pathname.split('/').filter(Boolean).at(-1) ?? '';
  let segment = last;
  try {
    segment = decodeURIComponent(last);
  } catch {
    // A malformed escape: compare as written.
  }
  return segment.toLowerCase() === word.toLowerCase();
}
