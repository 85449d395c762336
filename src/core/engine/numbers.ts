import type { NumberLiteral } from '../types';

/**
 * A number literal's exact decimal value, read in place: its significant digits (leading and trailing zeros left
 * out) run from `first` to `last` in the text (a `.` between them is skipped), `count` of them, and the value is
 * `[-]digits × 10^exp`. Two such records, reused: a literal and its double's text are compared without an object or
 * a string made (a canonical `[-]digits e exp` text built for each, with two regular expressions and four strings,
 * was half the allocation of compiling a policy of decimal numbers).
 */
interface Decimal {
  negative: boolean;
  first: number;
  last: number;
  count: number;
  exp: number;
}

const literal: Decimal = { negative: false, first: 0, last: 0, count: 0, exp: 0 };
const shortest: Decimal = { negative: false, first: 0, last: 0, count: 0, exp: 0 };

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Reads `text` as `-?\d+(\.\d+)?([eE][+-]?\d+)?` (the whole text) into `out`; false when it is not of that form.
 * Zero (no significant digit) has `count` 0.
 */
function readDecimal(text: string, out: Decimal): boolean {
  const n = text.length;
  let i = 0;
  out.negative = text.charCodeAt(0) === 45;
  if (out.negative) i++;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return false;
  let fracDigits = 0;
  let mantissaEnd = i;
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    const fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fracStart) return false;
    fracDigits = i - fracStart;
    mantissaEnd = i;
  }
  let exp = 0;
  if (i < n && (text.charCodeAt(i) | 32) === 101 /* e or E */) {
    i++;
    let expNegative = false;
    if (i < n && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) expNegative = text.charCodeAt(i++) === 45;
    const expStart = i;
    // Accumulated as Number() would read the digits: exactly up to 2^53, and past that an exponent no double's
    // shortest form comes near, whatever its rounding.
    while (i < n && isDigit(text.charCodeAt(i))) exp = exp * 10 + (text.charCodeAt(i++) - 48);
    if (i === expStart) return false;
    if (expNegative) exp = -exp;
  }
  if (i !== n) return false;
  // Leading zeros (and the point) out from the front, trailing zeros out from the back, each adding to the exponent.
  let first = intStart;
  while (first < mantissaEnd && (text.charCodeAt(first) === 48 || text.charCodeAt(first) === 46)) first++;
  out.count = 0;
  if (first === mantissaEnd) return true;
  let last = mantissaEnd - 1;
  let trailing = 0;
  while (text.charCodeAt(last) === 48 || text.charCodeAt(last) === 46) {
    if (text.charCodeAt(last) === 48) trailing++;
    last--;
  }
  let count = last - first + 1;
  // The point between them is not a digit.
  if (fracDigits > 0 && first < mantissaEnd - fracDigits - 1 && last > mantissaEnd - fracDigits - 1) count--;
  out.first = first;
  out.last = last;
  out.count = count;
  out.exp = exp - fracDigits + trailing;
  return true;
}

/** Whether two decimals read from `a` and `b` are the same value (both nonzero). */
function sameDecimal(a: string, da: Decimal, b: string, db: Decimal): boolean {
  if (da.negative !== db.negative || da.count !== db.count || da.exp !== db.exp) return false;
  let i = da.first;
  let j = db.first;
  for (let k = 0; k < da.count; k++, i++, j++) {
    if (a.charCodeAt(i) === 46) i++;
    if (b.charCodeAt(j) === 46) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * What Ruler 2.x makes of a number literal (SEMANTICS.md §2 "How numbers compare"): it parses the literal as a
 * BigDecimal and compares it as an IEEE-754 double, so a literal whose exact value is not the shortest
 * round-trip form of a finite double is *not numeric* — it matches only the same literal exactly, never a
 * `numeric` operator.
 * @example parseNumberLiteral('3.0e2')               // { value: 300, numeric: true, key: 'n:300' }
 * @example parseNumberLiteral('0.10000000000000001') // { value: 0.1, numeric: false, key: 'r:0.10000000000000001' }
 */
export function parseNumberLiteral(raw: string): NumberLiteral {
  const value = Number(raw);
  // An integer of at most 15 digits without leading zeros is exactly a double, and String(value) spells the same
  // digits: numeric, without reading its double's text (a policy holds thousands of such bounds, parsed on every
  // keystroke).
  if (isShortInteger(raw)) return { raw, value, numeric: true, key: `n:${value === 0 ? 0 : value}` };
  const text = raw.trim();
  let numeric = false;
  let double: string | undefined;
  if (readDecimal(text, literal) && Number.isFinite(value)) {
    if (literal.count === 0) numeric = value === 0;
    else {
      // String(double) is the shortest round-trip form; equal exact values mean the literal *is* that double.
      double = String(value);
      numeric = readDecimal(double, shortest) && sameDecimal(text, literal, double, shortest);
    }
  }
  // Ruler's ComparableNumber.generate refuses such a literal ("Cannot compare number"), so the pattern keeps only
  // its exact-text matcher (JsonRuleCompiler) and the event offers only its token text (Event's streaming
  // flattener, `parser.getText()`): `1.000…010` does not equal `1.000…01`, nor `9007199254740993.0` equal
  // `9007199254740993`, although their values are the same. A numeric literal's key is its double's text (made
  // above once for both).
  const key = numeric ? `n:${double ?? 0}` : `r:${text}`;
  return { raw, value, numeric, key };
}

/** Whether `raw` is `-?(0|[1-9][0-9]{0,14})`. */
function isShortInteger(raw: string): boolean {
  const start = raw.charCodeAt(0) === 45 ? 1 : 0;
  const digits = raw.length - start;
  if (digits < 1 || digits > 15) return false;
  if (raw.charCodeAt(start) === 48 && digits > 1) return false;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A NumberLiteral for a double known to be exact (event values parsed by JSON.parse on the fast path). */
export function numberFromDouble(value: number): NumberLiteral {
  const raw = String(value);
  return { raw, value, numeric: Number.isFinite(value), key: Number.isFinite(value) ? `n:${value === 0 ? 0 : value}` : `r:${raw}` };
}
