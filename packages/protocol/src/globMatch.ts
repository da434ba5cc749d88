/**
 * Glob matching for patterns that come from users: filter `types`/`not_types`
 * (`*` is a wildcard, content/client-server-api: RoomEventFilter) and push rule
 * `pattern`s (glob-style: `*` any run of characters, `?` exactly one). There is no
 * escape character; a pattern must match the whole value.
 *
 * No regular expression and no backtracking: the pattern is split at its `*`s into
 * fixed-length segments. The first must be a prefix of the value, the last a suffix,
 * and each middle one is found leftmost after the previous one (leftmost is always
 * safe, since a later `*` can absorb whatever an earlier match skipped). A segment
 * without `?` is found by Knuth-Morris-Pratt, so a `*`-only pattern costs at most
 * 2 x value + pattern character comparisons; a segment with `?` is compared position by
 * position, at most value x segment. A match therefore costs at most
 * pattern.length x value.length comparisons plus a small constant, whatever the input.
 */

export interface GlobOptions {
  /** `?` matches exactly one character (push rules); otherwise `?` is literal (event filters). */
  questionMark?: boolean;
}

/** Counts character comparisons, so tests can bound the work of a match. */
export interface GlobSteps {
  steps: number;
}

interface Segment {
  chars: string[];
  /** KMP failure table; undefined for a segment never searched (first, last) or holding a `?` wildcard. */
  fail: number[] | undefined;
}

export type GlobMatcher = (value: string, counter?: GlobSteps) => boolean;

const ANY = '?';

function charMatches(p: string, c: string, anyOne: boolean): boolean {
  return p === c || (anyOne && p === ANY);
}

/** The KMP failure table: fail[i] is the length of the longest proper border of chars[0..i]. */
function failureTable(chars: string[]): number[] {
  const fail = new Array<number>(chars.length).fill(0);
  let k = 0;
  for (let i = 1; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = fail[k - 1]!;
    if (chars[i] === chars[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/** A segment; only middle ones are searched, so only they need a failure table. */
function segment(text: string, anyOne: boolean, searched: boolean): Segment {
  const chars = Array.from(text);
  return { chars, fail: !searched || (anyOne && chars.includes(ANY)) ? undefined : failureTable(chars) };
}

/** Whether seg matches value at `at` (the caller ensures it fits). */
function matchesAt(seg: Segment, value: string[], at: number, anyOne: boolean, counter: GlobSteps): boolean {
  for (let i = 0; i < seg.chars.length; i++) {
    counter.steps++;
    if (!charMatches(seg.chars[i]!, value[at + i]!, anyOne)) return false;
  }
  return true;
}

/** The leftmost start in [from, end - length] where seg matches, or -1. */
function find(seg: Segment, value: string[], from: number, end: number, anyOne: boolean, counter: GlobSteps): number {
  const len = seg.chars.length;
  if (seg.fail === undefined) {
    for (let at = from; at + len <= end; at++) if (matchesAt(seg, value, at, anyOne, counter)) return at;
    return -1;
  }
  const { chars, fail } = seg;
  let k = 0;
  for (let i = from; i < end; i++) {
    counter.steps++;
    while (k > 0 && value[i] !== chars[k]) {
      counter.steps++;
      k = fail[k - 1]!;
    }
    if (value[i] === chars[k]) k++;
    if (k === len) return i - len + 1;
  }
  return -1;
}

/** Compiles a pattern once for matching many values (e.g. one filter against every event of a page). */
export function compileGlob(pattern: string, options: GlobOptions = {}): GlobMatcher {
  const anyOne = options.questionMark === true;
  const parts = pattern.split('*');
  const first = segment(parts[0]!, anyOne, false);
  const last = segment(parts[parts.length - 1]!, anyOne, false);
  const middle = parts
    .slice(1, -1)
    .filter((p) => p !== '')
    .map((p) => segment(p, anyOne, true));
  const hasStar = parts.length > 1;
  return (text: string, counter: GlobSteps = { steps: 0 }): boolean => {
    const value = Array.from(text);
    const n = value.length;
    if (!hasStar) return n === first.chars.length && matchesAt(first, value, 0, anyOne, counter);
    if (first.chars.length + last.chars.length > n) return false;
    if (!matchesAt(first, value, 0, anyOne, counter)) return false;
    const end = n - last.chars.length;
    if (!matchesAt(last, value, end, anyOne, counter)) return false;
    let pos = first.chars.length;
    for (const seg of middle) {
      const at = find(seg, value, pos, end, anyOne, counter);
      if (at < 0) return false;
      pos = at + seg.chars.length;
    }
    return true;
  };
}

/** Whether `value` matches the glob `pattern` (see compileGlob to match one pattern many times). */
export function globMatch(pattern: string, value: string, options: GlobOptions = {}, counter?: GlobSteps): boolean {
  return compileGlob(pattern, options)(value, counter);
}
