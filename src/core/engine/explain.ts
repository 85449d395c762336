/**
 * Plain-text rendering of a match explanation: one line per clause, ✓ or ✗, children indented. The CLI prints it
 * and hovers show it; the editor's inline ✓/✗ marks read the same `ClauseResult` tree directly.
 */
import type { ClauseResult, Dialect, Matcher, MatchResult, NumberLiteral } from '../types';
import { assertNever } from '../assertNever';
import { positionsIn } from '../position';
import { isNumberLiteral, renderScalar, type Absence, type EventScalar } from './event';

// ---------------------------------------------------------------------------------------------------------
// Clause wording: what a matcher accepts, why a field failed, why array elements conflict. match.ts builds the
// ClauseResult tree and asks these for its texts, so every surface words a result the same way.
// ---------------------------------------------------------------------------------------------------------

/** How many event values an explanation quotes before summarising the rest. */
const MAX_ACTUAL = 5;

/** What the matched input is called in a dialect: event, message or message body. */
function subjectWord(dialect: Dialect): string {
  if (dialect === 'sns-attributes') return 'message';
  if (dialect === 'sns-body') return 'message body';
  return 'event';
}

/** What a pattern key names in a dialect: an attribute (SNS attributes) or a field. */
function fieldWord(dialect: Dialect): string {
  return dialect === 'sns-attributes' ? 'attribute' : 'field';
}

/** Event values as an explanation quotes them (at most five, then a count). */
export function renderActual(values: readonly EventScalar[]): string[] {
  const shown = values.slice(0, MAX_ACTUAL).map(renderScalar);
  if (values.length > MAX_ACTUAL) shown.push(`… (${values.length - MAX_ACTUAL} more)`);
  return shown;
}

/** `a, b or c` (or `and`). */
function listWords(items: readonly string[], joiner = 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

function lit(n: NumberLiteral | string): string {
  return typeof n === 'string' ? JSON.stringify(n) : n.raw;
}

/**
 * What one matcher accepts, in words.
 * @example describeMatcher({ kind: 'prefix', value: 'us-', ignoreCase: false, span }) // 'a string starting with "us-"'
 */
export function describeMatcher(m: Matcher): string {
  const ic = (ignoreCase: boolean): string => (ignoreCase ? ' (ignoring case)' : '');
  switch (m.kind) {
    case 'exact':
      switch (m.value.type) {
        case 'string':
          return JSON.stringify(m.value.value);
        case 'number':
          return m.value.value.raw;
        case 'boolean':
          return String(m.value.value);
        case 'null':
          return 'null';
        default:
          return assertNever(m.value);
      }
    case 'exactly':
      return `exactly ${JSON.stringify(m.value)}`;
    case 'exact-ip':
      return `${JSON.stringify(m.value)} (any spelling of that IP address)`;
    case 'prefix':
      return `a string starting with ${JSON.stringify(m.value)}${ic(m.ignoreCase)}`;
    case 'suffix':
      return `a string ending with ${JSON.stringify(m.value)}${ic(m.ignoreCase)}`;
    case 'equals-ignore-case':
      return `${JSON.stringify(m.value)} ignoring case`;
    case 'wildcard':
      return `a string matching the wildcard ${JSON.stringify(m.value)}`;
    case 'numeric': {
      if (m.equals !== undefined) return `a number = ${m.equals}`;
      const parts: string[] = [];
      if (m.lower) parts.push(`${m.lower.inclusive ? '>=' : '>'} ${m.lower.value}`);
      if (m.upper) parts.push(`${m.upper.inclusive ? '<=' : '<'} ${m.upper.value}`);
      return `a number ${parts.join(' and ')}`;
    }
    case 'exists':
      return m.value ? 'any value (exists)' : 'no value (the field must be absent)';
    case 'cidr':
      return `an IP address in ${m.value}`;
    case 'anything-but': {
      const vals = m.values.map(lit);
      switch (m.form) {
        case 'values':
          return `anything but ${listWords(vals)}`;
        case 'prefix':
          return `anything but strings starting with ${listWords(vals)}`;
        case 'suffix':
          return `anything but strings ending with ${listWords(vals)}`;
        case 'equals-ignore-case':
          return `anything but ${listWords(vals)} (ignoring case)`;
        case 'wildcard':
          return `anything but strings matching the wildcard ${listWords(vals)}`;
        default:
          return assertNever(m.form);
      }
    }
    default:
      return assertNever(m);
  }
}

/** What a field's matchers accept together (`one of …`). */
export function describeExpected(matchers: readonly Matcher[]): string {
  const words = matchers.map(describeMatcher);
  return words.length > 1 ? `one of ${listWords(words)}` : (words[0] ?? 'nothing');
}

/**
 * Why a path has no value: missing, an object, an empty array, or an SNS attribute type that filter policies
 * ignore (`ignoredType`).
 */
export function absenceWords(dialect: Dialect, path: string, absence: Absence, ignoredType?: string): string {
  const field = fieldWord(dialect);
  if (ignoredType) return `attribute ${path} is ${ignoredType}, which SNS filter policies ignore`;
  switch (absence) {
    case 'object':
      return `${field} ${path} is an object in the ${subjectWord(dialect)}, not a value (only leaf values count)`;
    case 'empty-array':
      return `${field} ${path} is an empty array in the ${subjectWord(dialect)}, which counts as missing`;
    case 'missing':
      return `${field} ${path} is missing in the ${subjectWord(dialect)}`;
    default:
      return assertNever(absence);
  }
}

/** The reason of a field without a value: `ok` when `exists:false` asked for that. */
export function absentReason(dialect: Dialect, why: string, ok: boolean, anythingBut: boolean): string {
  if (ok) return `${why}, as required`;
  if (anythingBut) return `${why}; anything-but never matches a missing ${fieldWord(dialect)}`;
  return why;
}

/** The reason of a field whose values all failed: what the input has there, and the pitfall when there is one. */
export function mismatchReason(dialect: Dialect, path: string, matchers: readonly Matcher[], values: readonly EventScalar[]): string {
  const shown = listWords(renderActual(values), 'and');
  return `${subjectWord(dialect)} has ${shown} at ${path}${valueHint(matchers, values, dialect === 'sns-attributes')}`;
}

/** Why a present value did not match, when it is a common pitfall rather than a plain different value. */
function valueHint(matchers: readonly Matcher[], values: readonly EventScalar[], attributes: boolean): string {
  const kinds = new Set(matchers.map(m => m.kind));
  if (kinds.size === 1 && kinds.has('exists')) return ', but the field must be absent';
  if (matchers.every(m => m.kind === 'anything-but')) return values.length > 1 ? ', all of them excluded' : ', which is excluded';
  for (const src of matchers) {
    if (src.kind === 'exact' && src.value.type === 'number') {
      const raw = src.value.value;
      if (values.some(v => typeof v === 'string' && Number(v) === raw.value && v.trim() !== '')) {
        return attributes
          ? ` (a String attribute; the policy's ${raw.raw} is a number, which only Number attributes match)`
          : ` (a string; the pattern's ${raw.raw} is a number, and JSON types never match each other)`;
      }
    }
    if (src.kind === 'exact' && src.value.type === 'string') {
      const s = src.value.value;
      if (values.some(v => (typeof v === 'number' || typeof v === 'boolean' || v === null) && String(v) === s)) {
        return attributes
          ? ` (a Number attribute; the policy's ${JSON.stringify(s)} is a string, which only String attributes match)`
          : ` (not a string; the pattern's ${JSON.stringify(s)} is a string, and JSON types never match each other)`;
      }
    }
    if (src.kind === 'numeric') {
      if (values.some(v => typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) {
        return attributes ? ' (a String attribute; numeric matches only Number attributes)' : ' (a string; numeric matches only JSON numbers)';
      }
      const inexact = values.find(v => isNumberLiteral(v) && !v.numeric);
      if (inexact !== undefined) return ` (${renderScalar(inexact)} is not exactly a double, so numeric never matches it)`;
    }
    if ((src.kind === 'prefix' || src.kind === 'suffix' || src.kind === 'wildcard' || src.kind === 'equals-ignore-case') && values.every(v => typeof v !== 'string')) {
      return ` (${src.kind} matches only strings)`;
    }
    if (src.kind === 'exact' && src.value.type === 'string') {
      const lower = src.value.value.toLowerCase();
      if (values.some(v => typeof v === 'string' && v.toLowerCase() === lower)) return ' (matching is case-sensitive; use equals-ignore-case to ignore case)';
    }
  }
  return '';
}

/** Array consistency: a clause that holds in the element chosen as closest (`element` is `path[i]`). */
export function conflictHoldsReason(element: string, arrayPath: string): string {
  return `holds in ${element}, the element of ${arrayPath} that comes closest`;
}

/** Array consistency: a clause that holds only in other elements (`where`) than the closest one. */
export function conflictReason(element: string, arrayPath: string, clausePath: string, inElement: readonly EventScalar[], where: readonly string[]): string {
  const here = inElement.length
    ? `${element}, the element of ${arrayPath} that comes closest, has ${listWords(renderActual(inElement), 'and')} here`
    : `${element}, the element of ${arrayPath} that comes closest, has no ${clausePath}`;
  return `${here}; the matching value is in ${listWords(where, 'and')}, and all fields of one array element must match together`;
}

/** Array consistency through `$or` branches. */
export const OR_CONFLICT_REASON = 'each branch that holds does so in another element of an array than the other fields of that array';

/** Array consistency when no single array can be blamed. */
export function noElementReason(dialect: Dialect): string {
  return `no single element of the ${subjectWord(dialect)}'s arrays satisfies this together with the other fields of that array`;
}

const INDENT = '  ';

/**
 * Renders a match result as lines (no trailing newlines). With the pattern text, each line ends with the
 * clause's line number in it, so a reader can find the clause.
 * @example
 * renderExplanation(match(pattern, event), patternText)
 * // ['✗ detail.status: expected "shipped"; event has "cancelled" at detail.status (line 3)']
 */
export function renderExplanation(result: MatchResult, patternText?: string): string[] {
  if (result.eventError !== undefined) return [`✗ the event cannot be used: ${result.eventError}`];
  if (!result.explanation.length) return [result.matched ? '✓ the pattern has no conditions: every event matches' : '✗ no match'];
  const lines: string[] = [];
  const where = lineLabels(patternText);
  for (const clause of result.explanation) render(clause, 0, lines, where);
  return lines;
}

/** ` (line N)` for an offset of the pattern's text (one line-start table per explanation), or '' without a text. */
function lineLabels(text: string | undefined): (offset: number) => string {
  if (text === undefined) return () => '';
  const at = positionsIn(text);
  return offset => (offset < 0 || offset > text.length ? '' : ` (line ${at(offset).line + 1})`);
}

function render(c: ClauseResult, depth: number, lines: string[], lineOf: (offset: number) => string): void {
  const mark = c.ok ? '✓' : '✗';
  const pad = INDENT.repeat(depth);
  const where = lineOf(c.span.offset);
  switch (c.kind) {
    case 'or': {
      const branches = c.children ?? [];
      const held = branches.findIndex(b => b.ok);
      const at = c.path ? ` in ${c.path}` : '';
      let summary: string;
      if (c.reason) summary = c.reason;
      else if (held >= 0) summary = `branch ${held + 1} of ${branches.length} holds`;
      else if (branches.length) summary = `no branch holds; branch ${(c.closest ?? 0) + 1} of ${branches.length} comes closest`;
      else summary = 'no branch holds';
      lines.push(`${pad}${mark} $or${at}: ${summary}${where}`);
      branches.forEach((b, i) => {
        const note = !c.ok && i === c.closest ? ' (closest)' : '';
        lines.push(`${pad}${INDENT}${b.ok ? '✓' : '✗'} branch ${i + 1}${note}${lineOf(b.span.offset)}`);
        for (const child of b.children ?? []) render(child, depth + 2, lines, lineOf);
      });
      return;
    }
    case 'branch':
      lines.push(`${pad}${mark} branch${where}`);
      for (const child of c.children ?? []) render(child, depth + 1, lines, lineOf);
      return;
    case 'field': {
      if (c.children) {
        lines.push(`${pad}${mark} ${c.path}${c.reason ? `: ${c.reason}` : ''}${where}`);
        for (const child of c.children) render(child, depth + 1, lines, lineOf);
        return;
      }
      const expected = c.expected !== undefined ? `expected ${c.expected}` : '';
      if (c.ok) {
        const has = c.reason ? `; ${c.reason}` : c.actual?.length ? `; has ${c.actual.join(', ')}` : '';
        lines.push(`${pad}${mark} ${c.path}: ${expected}${has}${where}`);
      } else {
        const why = c.reason ?? (c.actual ? `has ${c.actual.join(', ')}` : 'missing');
        lines.push(`${pad}${mark} ${c.path}: ${expected ? `${expected}; ` : ''}${why}${where}`);
      }
      return;
    }
  }
}

// -----------------------------------------------------------------------------------------------------------
// One wording for a failing clause, shared by the lens, the inline marks, the results hover and the quick pick; the
// same words as the CLI's lines above (explain.test.ts holds them equal), so every surface says the same thing.
// -----------------------------------------------------------------------------------------------------------

/**
 * What an `$or` clause's branches came to: the clause's own reason when it has one, else which branch holds or
 * which comes closest.
 * @example orSummary(orClause) // 'no branch holds; branch 2 of 3 comes closest'
 */
export function orSummary(c: ClauseResult): string {
  const branches = c.children ?? [];
  const held = branches.findIndex(b => b.ok);
  if (c.reason) return c.reason;
  if (held >= 0) return `branch ${held + 1} of ${branches.length} holds`;
  if (branches.length) return `no branch holds; branch ${(c.closest ?? 0) + 1} of ${branches.length} comes closest`;
  return 'no branch holds';
}

/**
 * Why a failing clause fails, without its path (for a mark on the clause's own line): what was expected, then
 * what the event has or that the field is missing.
 * @example failureReason(clause) // 'expected "shipped"; event has "cancelled" at detail.status'
 */
export function failureReason(c: ClauseResult): string {
  if (c.kind === 'or') return `$or: ${orSummary(c)}`;
  const expected = c.expected !== undefined ? `expected ${c.expected}` : '';
  const why = c.reason ?? (c.actual ? `has ${c.actual.join(', ')}` : 'missing');
  return expected ? `${expected}; ${why}` : why;
}

/**
 * One line about a failing clause, naming where it is: the CLI's line for it without the ✗ and the line number.
 * @example describeFailure(clause) // 'detail.status: expected "shipped"; event has "cancelled" at detail.status'
 */
export function describeFailure(c: ClauseResult): string {
  if (c.kind === 'or') return `$or${c.path ? ` in ${c.path}` : ''}: ${orSummary(c)}`;
  return `${c.path}: ${failureReason(c)}`;
}

/**
 * The failing leaf clause that explains a non-match (depth-first, following the closest `$or` branch), or
 * undefined when every clause holds.
 */
export function firstFailure(list: readonly ClauseResult[]): ClauseResult | undefined {
  for (const c of list) {
    if (c.ok) continue;
    if (c.kind === 'or' && c.children?.length) {
      const branch = c.children[c.closest ?? 0] ?? c.children[0]!;
      return firstFailure(branch.children ?? []) ?? c;
    }
    if (c.children?.length) return firstFailure(c.children) ?? c;
    return c;
  }
  return undefined;
}

/**
 * The one line that sums up a result: `matches`, why the event cannot be used, or the first failure.
 * @example resultSummary(match(pattern, event)) // 'detail.status: expected "shipped"; event has "cancelled" at detail.status'
 */
export function resultSummary(result: MatchResult): string {
  if (result.eventError !== undefined) return `cannot be used: ${result.eventError}`;
  if (result.matched) return 'matches';
  const f = firstFailure(result.explanation);
  return f ? describeFailure(f) : 'does not match';
}
