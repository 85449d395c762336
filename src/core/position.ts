/**
 * Offsets to line/column positions, for the places that show a span outside an open editor (the CLI's
 * `file:line:col`, the test explorer's ranges, route results in files that are not open). One counter, so every
 * place agrees on what a line is: lines end at `\n` (a `\r` before it stays on its line, as editors count), and
 * columns are UTF-16 code units, as spans and `vscode.Position` are.
 */

/** A 0-based line and a 0-based character (UTF-16 code units) within it: what `vscode.Position` takes. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

/** Offsets where each line starts; the first is always 0. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * A lookup from offset to position for one text, for many lookups: the line starts are found once and each lookup
 * is a binary search. Offsets outside the text are clamped to its start or end.
 */
export function positionsIn(text: string): (offset: number) => TextPosition {
  const starts = lineStarts(text);
  return offset => {
    const at = Math.min(Math.max(offset, 0), text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - starts[lo]! };
  };
}

/** The 0-based position of one offset in `text` (clamped into the text). For many offsets use {@link positionsIn}. */
export function positionOf(text: string, offset: number): TextPosition {
  return positionsIn(text)(offset);
}
