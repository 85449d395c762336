/**
 * "Did you mean …?" for misspelled operators, keys and well-known values: the nearest of a list of valid spellings.
 *
 * Pure. Words are compared after folding the ways people misspell EventBridge names: case, `_` for `-`, and
 * camelCase for kebab-case (`detailType`, `detail_type` and `Detail-Type` are all one step from `detail-type`).
 */

/** Folds case, underscores/spaces and camelCase into one kebab-case spelling. */
function fold(word: string): string {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
}

const classOf = (c: string): number => (/\d/.test(c) ? 0 : /[a-z]/.test(c) ? 1 : 2);
// A digit typed for another digit (aws.ec3 → aws.ec2) is a likelier slip than a digit for a letter (→ aws.ecs).
const sameClass = (a: string, b: string): boolean => classOf(a) === classOf(b);

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : sameClass(a[i - 1]!, b[j - 1]!) ? 0.9 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `word`, if one is close enough to be a likely misspelling: after folding, at most one
 * edit for short words, two for words of 6+ characters, three for 12+. `undefined` when `word` is itself a
 * candidate, or when two candidates are equally near (the suggestion would be a guess).
 * @example nearestSpelling('prefx', ['prefix', 'suffix']) // 'prefix'
 * @example nearestSpelling('detailType', ['detail-type', 'detail']) // 'detail-type'
 * @example nearestSpelling('aws.ec3', ['aws.ec2', 'aws.ecs']) // 'aws.ec2': a digit for a digit is the likelier slip
 * @example nearestSpelling('sufix', ['suffix', 'sufox']) // undefined: two are equally near, a guess
 */
export function nearestSpelling(word: string, candidates: readonly string[]): string | undefined {
  if (!word || candidates.includes(word)) return undefined;
  const w = fold(word);
  const max = w.length >= 12 ? 3 : w.length >= 6 ? 2 : 1;
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = distance(w, fold(c), max);
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

/** The text a message ends with when there is a suggestion: ` — did you mean \`prefix\`?`. */
export function didYouMeanText(suggestion: string): string {
  return `did you mean \`${suggestion}\`?`;
}
