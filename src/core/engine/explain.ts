/**
 * Plain-text rendering of a match explanation: one line per clause, ✓ or ✗, children indented. The CLI prints it
 * and hovers show it; the editor's inline ✓/✗ marks read the same `ClauseResult` tree directly.
 */
import type { ClauseResult, MatchResult } from '../types';

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
  for (const clause of result.explanation) render(clause, 0, lines, patternText);
  return lines;
}

function lineOf(text: string | undefined, offset: number): string {
  if (text === undefined || offset < 0 || offset > text.length) return '';
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return ` (line ${line})`;
}

function render(c: ClauseResult, depth: number, lines: string[], text: string | undefined): void {
  const mark = c.ok ? '✓' : '✗';
  const pad = INDENT.repeat(depth);
  const where = lineOf(text, c.span.offset);
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
        lines.push(`${pad}${INDENT}${b.ok ? '✓' : '✗'} branch ${i + 1}${note}${lineOf(text, b.span.offset)}`);
        for (const child of b.children ?? []) render(child, depth + 2, lines, text);
      });
      return;
    }
    case 'branch':
      lines.push(`${pad}${mark} branch${where}`);
      for (const child of c.children ?? []) render(child, depth + 1, lines, text);
      return;
    case 'field': {
      if (c.children) {
        lines.push(`${pad}${mark} ${c.path}${c.reason ? `: ${c.reason}` : ''}${where}`);
        for (const child of c.children) render(child, depth + 1, lines, text);
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
