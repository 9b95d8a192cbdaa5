/**
 * Why a regular expression looks catastrophic, or `undefined`: a heuristic, not a proof. It
 * refuses what makes backtracking exponential in practice — a repeated group that itself holds
 * a repetition (`(a+)+`, `(?:\w+\s?)*`, `(x*){2,}`) — and backreferences (`\1`, `\k<name>`),
 * which no engine bounds. Alternations inside a repeated group (`(a|a)+`) are not detected; the
 * cap on the text a pattern reads (`MAX_OPERATOR_INPUT`) bounds the rest.
 *
 * @example
 * riskyPattern('^(\\w+\\s?)+$'); // 'a repeated group holds a repetition ("(\\w+\\s?)+")'
 * riskyPattern('^(?<state>PROBLEM|OK): (?<key>\\S+)'); // undefined
 */
export function riskyPattern(source: string): string | undefined {
  // One frame per open group: where it starts, whether something inside repeats.
  const groups: { start: number; repeats: boolean }[] = [{ start: 0, repeats: false }];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    let atomEnd: number;
    let closed: { start: number; repeats: boolean } | undefined;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return `a backreference ("\\${next}")`;
      atomEnd = i + 2;
    } else if (char === '[') {
      atomEnd = classEnd(source, i);
    } else if (char === '(') {
      groups.push({ start: i, repeats: false });
      i = groupBodyStart(source, i);
      continue;
    } else if (char === ')') {
      closed = groups.length > 1 ? groups.pop() : undefined;
      atomEnd = i + 1;
    } else {
      atomEnd = i + 1;
    }
    const quantifier = quantifierAt(source, atomEnd);
    const current = groups[groups.length - 1];
    if (closed?.repeats) {
      if (quantifier?.repeats) {
        return `a repeated group holds a repetition ("${source.slice(closed.start, quantifier.end)}")`;
      }
      if (current !== undefined) current.repeats = true;
    }
    if (quantifier?.repeats && current !== undefined) current.repeats = true;
    i = quantifier?.end ?? atomEnd;
  }
  return undefined;
}

/** The index after a character class `[…]` that starts at `start`. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The index after a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`. */
function groupBodyStart(source: string, open: number): number {
  if (source[open + 1] !== '?') return open + 1;
  const kind = source[open + 2];
  if (kind === '<' && source[open + 3] !== '=' && source[open + 3] !== '!') {
    const close = source.indexOf('>', open);
    return close === -1 ? source.length : close + 1;
  }
  return kind === '<' ? open + 4 : open + 3;
}

/** The quantifier at `at`, if any: where it ends and whether it repeats (more than once). */
function quantifierAt(source: string, at: number): { end: number; repeats: boolean } | undefined {
  const char = source[at];
  let end: number;
  let repeats: boolean;
  if (char === '*' || char === '+') {
    end = at + 1;
    repeats = true;
  } else if (char === '?') {
    end = at + 1;
    repeats = false;
  } else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (braces === null) return undefined;
    const [whole, min = '0', comma, max] = braces;
    end = at + whole.length;
    repeats = comma === undefined ? Number(min) > 1 : max === '' || Number(max) > 1;
  } else {
    return undefined;
  }
  return { end: source[end] === '?' ? end + 1 : end, repeats };
}
