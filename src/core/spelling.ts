/**
 * "Did you mean …?" for misspelled operators, keys and well-known values: the nearest of a list of valid spellings.
 *
 * Pure. Words are compared after folding the ways people misspell EventBridge names: case, `_` for `-`, and
 * camelCase for kebab-case (`detailType`, `detail_type` and `Detail-Type` are all one step from `detail-type`).
 */

/** Folds case, underscores/spaces and camelCase into one kebab-case spelling. */
function fold(word: string): string {
  // Most keys are already folded (lower case, no `_` or space): the three replacements gave each a copy.
  if (!NEEDS_FOLD.test(word) && word.toLowerCase() === word) return word;
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
}
const NEEDS_FOLD = /[A-Z_\s]/;

/** 0 for an ASCII digit, 1 for a lower-case ASCII letter, 2 for anything else (by UTF-16 code unit). */
const classOf = (c: number): number => (c >= 48 && c <= 57 ? 0 : c >= 97 && c <= 122 ? 1 : 2);

// Three rows of the distance table, reused: a new array per row and per candidate was most of a check of thousands
// of distinct keys.
let rows = [new Float64Array(32), new Float64Array(32), new Float64Array(32)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. A digit
 * typed for another digit (aws.ec3 → aws.ec2) is a likelier slip than a digit for a letter (→ aws.ecs): a
 * substitution within one class of character costs 0.9.
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0]!.length <= n) rows = [new Float64Array(n + 1), new Float64Array(n + 1), new Float64Array(n + 1)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const before = i > 1 ? a.charCodeAt(i - 2) : -1;
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : classOf(ca) === classOf(cb) ? 0.9 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && before === cb) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}

/**
 * The candidate nearest to `word`, if one is close enough to be a likely misspelling: after folding, at most one
 * edit for short words, two for words of 6+ characters, three for 12+. `undefined` when `word` is itself a
 * candidate, or when two candidates are equally near (the suggestion would be a guess).
 * @example nearestSpelling('prefx', ['prefix', 'suffix']) // 'prefix'
 * @example nearestSpelling('detailType', ['detail-type', 'detail']) // 'detail-type'
 * @example nearestSpelling('aws.ec3', ['aws.ec2', 'aws.ecs']) // 'aws.ec2': a digit for a digit is the likelier slip
 * @example nearestSpelling('sufix', ['suffix', 'sufiix']) // undefined: two are equally near, a guess
 */
export function nearestSpelling(word: string, candidates: readonly string[]): string | undefined {
  if (!word || candidates.includes(word)) return undefined;
  const w = fold(word);
  const max = w.length >= 12 ? 3 : w.length >= 6 ? 2 : 1;
  const folded = foldedOf(candidates);
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k]!;
    const d = distance(w, folded[k]!, max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD && d <= max && c !== best) {
      tie = true;
    }
  }
  return best !== undefined && bestD <= max && !tie ? best : undefined;
}

/**
 * The folded spellings of a list of candidates, made once per list: the lists are mostly constants (the envelope's
 * fields, AWS's sources, the operators), and folding each of them again for every word checked (three regular
 * expressions per candidate) was most of the editor's time on an EventBridge pattern of thousands of keys. A list
 * must not change once it has been asked about (every caller passes a constant or a list made for the call).
 */
function foldedOf(candidates: readonly string[]): readonly string[] {
  let folded = foldedLists.get(candidates);
  if (!folded) {
    folded = candidates.map(fold);
    foldedLists.set(candidates, folded);
  }
  return folded;
}
const foldedLists = new WeakMap<readonly string[], readonly string[]>();

/** The text a message ends with when there is a suggestion: ` — did you mean \`prefix\`?`. */
export function didYouMeanText(suggestion: string): string {
  return `did you mean \`${suggestion}\`?`;
}
