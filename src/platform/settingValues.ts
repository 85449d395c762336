/**
 * Checking setting values by hand: VS Code's schema only warns in the settings editor, so `settings.json` can hold
 * `"eventlens.maxPatternSize": "big"`, which `Math.floor` would turn into NaN and silently switch the size check off.
 * Pure (no vscode), so it is unit-tested.
 */

/** A checked value, and what was wrong with the raw one (for one warning in the log). */
export interface Checked<T> {
  readonly value: T;
  readonly problem?: string;
}

/**
 * A numeric setting: a finite number within [min, max] (whole when `integer`), else the default with the reason.
 * @example checkNumber('eventlens.maxPatternSize', 'big', { fallback: 2048, min: 1, max: 4096, integer: true })
 * // { value: 2048, problem: 'eventlens.maxPatternSize must be a whole number from 1 to 4096; using 2048 instead of: "big"' }
 */
export function checkNumber(key: string, raw: unknown, spec: { readonly fallback: number; readonly min: number; readonly max: number; readonly integer?: boolean }): Checked<number> {
  if (raw === undefined || raw === null) return { value: spec.fallback };
  const ok = typeof raw === 'number' && Number.isFinite(raw) && raw >= spec.min && raw <= spec.max && (!spec.integer || Number.isInteger(raw));
  if (ok) return { value: raw };
  const what = spec.integer ? 'a whole number' : 'a number';
  return { value: spec.fallback, problem: `${key} must be ${what} from ${spec.min} to ${spec.max}; using ${spec.fallback} instead of: ${show(raw)}` };
}

/** A string setting (trimmed; empty means unset), else unset with the reason. */
export function checkString(key: string, raw: unknown): Checked<string | undefined> {
  if (raw === undefined || raw === null) return { value: undefined };
  if (typeof raw !== 'string') return { value: undefined, problem: `${key} must be a string; ignoring: ${show(raw)}` };
  return { value: raw.trim() || undefined };
}

/** A list of strings: the strings kept, anything else dropped with the reason; not a list → the default. */
export function checkStringList(key: string, raw: unknown, fallback: readonly string[]): Checked<readonly string[]> {
  if (raw === undefined || raw === null) return { value: fallback };
  if (!Array.isArray(raw)) return { value: fallback, problem: `${key} must be a list of strings; using the default instead of: ${show(raw)}` };
  const kept = raw.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (kept.length === raw.length) return { value: kept };
  return { value: kept, problem: `${key} holds entries that are not text; ignoring them: ${show(raw.filter(x => !kept.includes(x as string)))}` };
}

/** A map of glob → one of `allowed`: the valid entries, the others dropped with the reason. */
export function checkEnumMap<T extends string>(key: string, raw: unknown, allowed: readonly T[]): Checked<Readonly<Record<string, T>>> {
  if (raw === undefined || raw === null) return { value: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { value: {}, problem: `${key} must be an object of glob → one of ${allowed.join(', ')}; ignoring: ${show(raw)}` };
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  const bad: string[] = [];
  for (const [glob, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) out[glob] = v as T;
    else bad.push(`${glob}: ${show(v)}`);
  }
  return bad.length ? { value: out, problem: `${key} values must be one of ${allowed.join(', ')}; ignoring: ${bad.join(', ')}` } : { value: out };
}

function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
