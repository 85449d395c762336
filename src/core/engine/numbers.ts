import type { NumberLiteral } from '../types';

const LITERAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact decimal value of a number literal in a canonical form `[-]digits e exp` (no leading or trailing
 * zeros in `digits`; zero is `0`), or undefined when the text is not a JSON-style number literal.
 * @example normalizeDecimal('300.0') === normalizeDecimal('3.0e2') // both '3e2'
 */
function normalizeDecimal(raw: string): string | undefined {
  const m = LITERAL.exec(raw.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let digits = (m[2] + frac).replace(/^0+/, '');
  // Exponents beyond this range cannot change whether two literals are equal in practice; clamp keeps BigInt out.
  let exp = Number(m[4] ?? 0) - frac.length;
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return `${m[1]}${digits}e${exp}`;
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
  // digits: numeric, without the two regular expressions and four strings of the general path (a policy holds
  // thousands of such bounds, parsed on every keystroke).
  if (isShortInteger(raw)) return { raw, value, numeric: true, key: `n:${value === 0 ? 0 : value}` };
  const exact = normalizeDecimal(raw);
  let numeric = false;
  if (exact !== undefined && Number.isFinite(value)) {
    // String(double) is the shortest round-trip form; equal exact values mean the literal *is* that double.
    const shortest = normalizeDecimal(String(value));
    numeric = exact === '0' || exact === '-0' ? value === 0 : shortest === exact;
  }
  // Ruler's ComparableNumber.generate refuses such a literal ("Cannot compare number"), so the pattern keeps only
  // its exact-text matcher (JsonRuleCompiler) and the event offers only its token text (Event's streaming
  // flattener, `parser.getText()`): `1.000…010` does not equal `1.000…01`, nor `9007199254740993.0` equal
  // `9007199254740993`, although their values are the same.
  const key = numeric ? `n:${value === 0 ? 0 : value}` : `r:${raw.trim()}`;
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
